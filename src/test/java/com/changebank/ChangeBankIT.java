package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.change.Change;
import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.Keycloak;
import com.changebank.support.Pause;
import com.changebank.support.SessionProbe;
import com.changebank.support.TestServers;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole product as its users see it: ChangeBank on Payara Micro, logging in through Keycloak's login form. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChangeBankIT {

    private static final String EMAIL = "richard@example.com";
    private static final String PASSWORD = "password";

    private static Keycloak keycloak;
    private final String app = TestServers.app();
    private final Browser browser = new Browser();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestServers.war().addClass(SessionProbe.class);
    }

    @BeforeAll
    static void provider() {
        keycloak = TestServers.keycloak();
    }

    @Test
    void anonymousHomeOffersLogin() {
        Page home = browser.get(app);
        assertEquals(200, home.status());
        assertEquals(URI.create(app), home.uri());
        assertEquals("Welcome to ChangeBank", home.document().selectFirst("h1").text());
        Element login = home.document().selectFirst("header a.button");
        assertEquals("Log in", login.text());
        assertEquals(app + "login", login.absUrl("href"));
    }

    @Test
    void anonymousPageViewsOpenNoSession() {
        for (String page : new String[] {"", "static/changebank.css", "no-such-page"}) {
            assertEquals(List.of(), browser.step(app + page).headers().allValues("Set-Cookie"), page);
        }
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSite() {
        // The first request to a protected page opens the session that keeps the login under way.
        String cookie = browser.step(app + "account").headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie"));
        assertTrue(attributes(cookie).containsAll(List.of("httponly", "samesite=lax")), cookie);
    }

    @Test
    void overHttpsTheSessionCookieIsAlsoSecure() throws Exception {
        Map<String, List<String>> headers = overHttps("account");
        String cookie = headers.getOrDefault("Set-Cookie", List.of()).stream()
                .filter(header -> header.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie over HTTPS: " + headers));
        assertTrue(attributes(cookie).containsAll(List.of("secure", "httponly", "samesite=lax")), cookie);
        String plain = browser.step(app + "account").headers().firstValue("Set-Cookie").orElseThrow();
        assertFalse(attributes(plain).contains("secure"), () -> "over HTTP the cookie cannot be Secure: " + plain);
    }

    /** HTTPS, and only HTTPS, tells the browser to use nothing else for a year (a header over HTTP is ignored). */
    @Test
    void overHttpsBrowsersAreToldToStayOnHttps() throws Exception {
        List<String> hsts = overHttps("").getOrDefault("Strict-Transport-Security", List.of());
        assertEquals(1, hsts.size(), hsts::toString);
        long maxAge = Long.parseLong(hsts.get(0).replaceAll(".*max-age=([0-9]+).*", "$1"));
        assertTrue(maxAge >= 365 * 24 * 3600, hsts::toString);
        assertEquals(List.of(), browser.step(app).headers().allValues("Strict-Transport-Security"), "not over HTTP");
    }

    /** A Set-Cookie header's attributes, in lower case: their names are case-insensitive (WildFly writes "secure"). */
    private static List<String> attributes(String setCookie) {
        return Stream.of(setCookie.split(";")).skip(1).map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** The headers of a page over HTTPS (not following redirects), trusting the server's self-signed certificate. */
    private static Map<String, List<String>> overHttps(String path) throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trustAll}, null);
        URI page = URI.create("https://localhost:" + Integer.getInteger("it.https.port") + "/" + path);
        HttpsURLConnection connection = (HttpsURLConnection) page.toURL().openConnection();
        connection.setSSLSocketFactory(tls.getSocketFactory());
        connection.setHostnameVerifier((host, session) -> true);
        connection.setInstanceFollowRedirects(false);
        try {
            int status = connection.getResponseCode();
            // Header names are case-insensitive; the null key is the status line.
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null) {
                    headers.put(name, values);
                }
            });
            assertTrue(status < 400, () -> page + " answered " + status + " " + headers);
            return headers;
        } finally {
            connection.disconnect();
        }
    }

    @Test
    void errorsGetAPageWithoutServerDetails() {
        Page missing = browser.get(app + "no-such-page");
        assertEquals(404, missing.status());
        assertEquals("Page not found", missing.document().selectFirst("h1").text());
        assertFalse(missing.body().contains("Payara"), "no server name or stack trace");
    }

    /** What search engines read: a description of every page, and which addresses are not for them. */
    @Test
    void searchEnginesGetADescriptionAndRobotsTxt() {
        Element description = browser.get(app).document().selectFirst("head meta[name=description]");
        assertNotNull(description, "no meta description");
        assertTrue(description.attr("content").startsWith("ChangeBank turns dollars"), description.toString());
        Page robots = browser.get(app + "robots.txt");
        assertEquals(200, robots.status());
        assertTrue(robots.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), robots.headers().toString());
        List<String> lines = robots.body().lines().toList();
        assertTrue(lines.contains("User-agent: *"), robots.body());
        for (String page : List.of("/login", "/callback", "/logout", "/account", "/make-change")) {
            assertTrue(lines.contains("Disallow: " + page), robots.body());
        }
        assertFalse(lines.contains("Disallow: /"), "the home page stays open");
    }

    @Test
    void pagesUseOnlyTheirOwnAssets() {
        Page home = browser.get(app);
        for (Element asset : home.document().select("link[href], img[src], script[src]")) {
            String url = asset.hasAttr("src") ? asset.absUrl("src") : asset.absUrl("href");
            assertTrue(url.startsWith(app), "asset from another host: " + url);
            assertEquals(200, browser.get(url).status(), url);
        }
    }

    @Test
    void anonymousAccountGoesToTheProvider() {
        Page page = browser.get(app + "account");
        assertTrue(page.uri().toString().startsWith(keycloak.issuer() + "/protocol/openid-connect/auth"), page.uri()::toString);
        assertNotNull(page.document().selectFirst("form#kc-form-login"), "Keycloak's login form");
    }

    @Test
    void wrongPasswordStaysOnTheProvidersForm() {
        Page loginForm = browser.get(app + "login");
        Page again = browser.submit(loginForm.form("form#kc-form-login"), Map.of("username", EMAIL, "password", "wrong"));
        assertEquals(200, again.status());
        assertTrue(again.uri().toString().startsWith(keycloak.issuer()), again.uri()::toString);
        assertNotNull(again.document().selectFirst("form#kc-form-login"), "login form shown again");
        assertTrue(browser.get(app + "account").uri().toString().startsWith(keycloak.issuer()), "still logged out");
    }

    /**
     * Anyone can open a login's session by asking for a protected page: it lives minutes, not web.xml's 30, and holds
     * nothing of the query that came with the request. A finished login gets web.xml's timeout.
     */
    @Test
    void aLoginUnderWayHasAShortSmallSessionAndTheLoginTheNormalOne() {
        String query = "pad=" + "q".repeat(2000);
        Page toProvider = browser.step(app + "account?" + query);
        assertEquals(302, toProvider.status());
        String session = browser.get(app + "test/session").body();
        assertEquals("300", session.lines().findFirst().orElseThrow(), session);
        assertTrue(session.contains("/account"), session);
        assertFalse(session.contains("qqqq"), () -> "the query is kept: " + session);

        Page account = browser.submit(browser.get(toProvider.headers().firstValue("Location").orElseThrow())
                .form("form#kc-form-login"), Map.of("username", EMAIL, "password", PASSWORD));
        assertEquals(URI.create(app + "account"), account.uri());
        assertEquals("1800", browser.get(app + "test/session").body().lines().findFirst().orElseThrow());
    }

    @Test
    void loginLandsOnTheAccount() {
        Page account = logIn();
        assertEquals(URI.create(app + "account"), account.uri());
        assertEquals(200, account.status());
        assertEquals("Your balance", account.document().selectFirst("h1").text());
        assertEquals("$0.00", account.document().selectFirst(".balance").text());
        assertEquals(EMAIL, account.document().selectFirst(".account-email").text());
        assertEquals(EMAIL, account.document().selectFirst("header .email").text());

        Page home = browser.get(app);
        assertEquals(URI.create(app + "account"), home.uri(), "a logged-in user goes from / to /account");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.30      | We can make change for $0.30 with 6 nickels and 0 pennies!",
        "1,234.57  | We can make change for $1,234.57 with 24,691 nickels and 2 pennies!",
        "$0.06     | We can make change for $0.06 with 1 nickel and 1 penny!",
    })
    void makesChange(String amount, String sentence) {
        logIn();
        Page form = browser.get(app + "make-change");
        assertEquals(200, form.status());
        assertEquals("0.00", form.document().selectFirst("#amount").val());
        assertEquals(null, form.document().selectFirst(".result"), "no result before a POST");

        Page result = browser.submit(form.form("form.change-form"), Map.of("amount", amount));
        assertEquals(200, result.status());
        assertEquals(sentence, result.document().selectFirst(".result").text());
        assertEquals(amount, result.document().selectFirst("#amount").val());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''        | Please enter a dollar amount.",
        "abc       | Please enter a dollar amount, like 12.34.",
        "1e20      | Please enter a dollar amount, like 12.34.",
        "Infinity  | Please enter a dollar amount, like 12.34.",
        "-5        | Please enter an amount of zero or more.",
        "0.001     | Please enter at most two decimals (whole cents).",
        "1000000000.01 | Please enter at most $1,000,000,000.00.",
        "<script>alert(1)</script> | Please enter a dollar amount, like 12.34.",
    })
    void refusesBadAmountsAndKeepsTheInput(String amount, String message) {
        logIn();
        Page form = browser.get(app + "make-change");
        Page refused = browser.submit(form.form("form.change-form"), Map.of("amount", amount));
        assertEquals(400, refused.status());
        assertEquals(message, refused.document().selectFirst(".error").text());
        assertEquals(amount, refused.document().selectFirst("#amount").val());
        assertFalse(refused.body().contains("<script>alert"), "the input is escaped");
    }

    @Test
    void refusesAPostWithoutTheCsrfToken() {
        logIn();
        Page refused = browser.post(app + "make-change", Map.of("amount", "1.00"));
        assertEquals(403, refused.status());
        assertEquals("Not allowed", refused.document().selectFirst("h1").text());
        assertEquals(null, refused.document().selectFirst(".result"));
    }

    @Test
    void callbackWithAWrongStateLogsNobodyIn() {
        Page loginForm = browser.get(app + "login");
        assertTrue(loginForm.redirects().stream().anyMatch(uri -> uri.toString().contains("state=")),
                () -> "a login under way: " + loginForm.redirects());

        Page callback = browser.get(app + "callback?state=forged-state&code=forged-code");
        assertEquals(401, callback.status());
        assertEquals("Login failed", callback.document().selectFirst("h1").text());
        assertTrue(browser.get(app + "account").uri().toString().startsWith(keycloak.issuer()), "still logged out");
    }

    /**
     * The session, serialized and read back as a server that replicates, passivates or redeploys it does, keeps the
     * login: the account page and a make-change form opened before, with its CSRF token, and no request of
     * ChangeBank's reaches Keycloak (its events, counted) for them. Every attribute of ChangeBank's, of the
     * mechanism's and of CDI's serializes; the server's own may have marshallers of its own.
     */
    @Test
    void aSessionSerializedAndReadBackKeepsTheLogin() {
        logIn();
        String csrf = browser.get(app + "make-change").document().selectFirst("input[name=_csrf]").val();
        keycloak.recordClientEvents();
        Page copied = browser.get(app + "test/session/round-trip");
        assertEquals(200, copied.status(), copied.body());
        assertTrue(copied.body().contains("com.changebank.platform.openid.LoginState "), copied.body());
        assertFalse(copied.body().lines().anyMatch(line -> line.contains(" not serializable: ")
                && (line.startsWith("com.changebank.") || line.startsWith("oidc.") || line.startsWith("WELD"))),
                () -> "ChangeBank's, the mechanism's or CDI's attributes that do not serialize:\n" + copied.body());
        System.out.println("The session's attributes, serialized and read back (name, bytes):\n" + copied.body());

        Page account = browser.get(app + "account");
        assertEquals(List.of(), account.redirects(), "no trip to the provider");
        assertEquals(EMAIL, account.document().selectFirst(".account-email").text());
        Page change = browser.post(app + "make-change", Map.of("_csrf", csrf, "amount", "1.07"));
        assertEquals(List.of(), change.redirects());
        assertEquals(Change.of("1.07").describe(), change.document().selectFirst(".result").text());
        assertEquals(List.of(), keycloak.clientEvents(), "requests of ChangeBank's that Keycloak saw");
    }

    /**
     * A session that arrives with its caller but without the login kept (written by a server without the repair, or
     * not read back) ends, and the page asked for starts a new login (Keycloak's form: with offline_access its
     * session is offline-only), which lands on that page.
     */
    @Test
    void aCallerWithoutItsLoginStartsANewOne() {
        logIn();
        assertEquals("dropped com.changebank.platform.openid.LoginState",
                browser.get(app + "test/session/drop/com.changebank.platform.openid.LoginState").body());
        Page login = browser.get(app + "account");
        assertTrue(login.uri().toString().startsWith(keycloak.issuer()), () -> "at the provider: " + login.uri());
        Page account = browser.submit(login.form("form#kc-form-login"),
                Map.of("username", EMAIL, "password", PASSWORD));
        assertEquals(URI.create(app + "account"), account.uri());
        assertEquals(EMAIL, account.document().selectFirst(".account-email").text());
    }

    @Test
    void logoutEndsBothSessions() {
        Page account = logIn();
        Page home = browser.submit(account.form("header form.logout"), Map.of());
        assertEquals(URI.create(app), home.uri());
        assertTrue(home.redirects().stream().anyMatch(uri -> uri.toString()
                        .startsWith(keycloak.issuer() + "/protocol/openid-connect/logout")),
                () -> "went through the provider's end-session endpoint: " + home.redirects());
        assertEquals("Log in", home.document().selectFirst("header a.button").text());

        Page again = browser.get(app + "account");
        assertNotNull(again.document().selectFirst("form#kc-form-login"), "the provider asks for a login again");
    }

    /** Logout revokes the login's refresh token (RFC 7009): Keycloak ends the offline session it stood for. */
    @Test
    void logoutRevokesTheRefreshToken() {
        Page account = logIn();
        String user = keycloak.userId(EMAIL);
        int offline = keycloak.sessions(user).offline();
        assertTrue(offline >= 1, "the login's offline session");
        browser.submit(account.form("header form.logout"), Map.of());
        assertEquals(offline - 1, keycloak.sessions(user).offline(), "the login's offline session ended");
    }

    /**
     * An administrator ends the user's sessions in Keycloak: ChangeBank's session ends once the access token expires
     * (here after 3 s), when its refresh is refused, and the next login needs the form.
     */
    @Test
    void anAdministratorsRevocationEndsTheSessionWhenTheAccessTokenExpires() {
        keycloak.tokenLifespan(Duration.ofSeconds(3));
        try {
            logIn();
            keycloak.revokeSessions(keycloak.userId(EMAIL));
            Pause.pause(Duration.ofSeconds(4));
            Page page = browser.get(app + "account");
            assertNotNull(page.document().selectFirst("form#kc-form-login"),
                    () -> "the provider asks for a login again: " + page.uri() + " " + page.redirects());
        } finally {
            keycloak.tokenLifespan(Duration.ofMinutes(5));
        }
    }

    /** Keycloak's client requires PKCE S256 (as FusionAuth's kickstart does): a login without it is refused. */
    @Test
    void theProviderRefusesALoginWithoutPkce() {
        URI authorize = URI.create(browser.step(app + "account").headers().firstValue("Location").orElseThrow());
        assertEquals("S256", Browser.query(authorize).get("code_challenge_method"));
        String withoutPkce = authorize.toString().replaceAll("&code_challenge(_method)?=[^&]*", "");
        Page refused = browser.get(withoutPkce);
        assertNull(refused.document().selectFirst("form#kc-form-login"), "no login form without PKCE");
        assertTrue(refused.redirects().stream().anyMatch(uri -> uri.toString().contains("error=invalid_request"))
                || refused.body().contains("code_challenge"), () -> refused.uri() + " " + refused.body());
    }

    private Page logIn() {
        Page loginForm = browser.get(app + "login");
        return browser.submit(loginForm.form("form#kc-form-login"), Map.of("username", EMAIL, "password", PASSWORD));
    }
}

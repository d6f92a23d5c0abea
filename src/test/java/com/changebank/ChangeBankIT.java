package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.Keycloak;
import com.changebank.support.TestServers;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        return TestServers.war();
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
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
    }

    @Test
    void overHttpsTheSessionCookieIsAlsoSecure() throws Exception {
        String https = "https://localhost:" + Integer.getInteger("it.https.port") + "/account";
        String cookie = sessionCookieOverHttps(URI.create(https));
        assertTrue(attributes(cookie).containsAll(List.of("secure", "httponly", "samesite=lax")), cookie);
        String plain = browser.step(app + "account").headers().firstValue("Set-Cookie").orElseThrow();
        assertFalse(attributes(plain).contains("secure"), () -> "over HTTP the cookie cannot be Secure: " + plain);
    }

    /** A Set-Cookie header's attributes, in lower case: their names are case-insensitive (WildFly writes "secure"). */
    private static List<String> attributes(String setCookie) {
        return Stream.of(setCookie.split(";")).skip(1).map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** The session cookie of a protected page over HTTPS, trusting the server's own self-signed certificate. */
    private static String sessionCookieOverHttps(URI page) throws Exception {
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
        HttpsURLConnection connection = (HttpsURLConnection) page.toURL().openConnection();
        connection.setSSLSocketFactory(tls.getSocketFactory());
        connection.setHostnameVerifier((host, session) -> true);
        connection.setInstanceFollowRedirects(false);
        try {
            assertEquals(302, connection.getResponseCode(), "a protected page sends the visitor to the provider");
            return connection.getHeaderFields().getOrDefault("Set-Cookie", List.of()).stream()
                    .filter(header -> header.startsWith("JSESSIONID=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no session cookie over HTTPS"));
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

    private Page logIn() {
        Page loginForm = browser.get(app + "login");
        return browser.submit(loginForm.form("form#kc-form-login"), Map.of("username", EMAIL, "password", PASSWORD));
    }
}

package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.Chromium;
import com.changebank.support.Pause;
import com.changebank.support.TestServers;
import com.changebank.support.fusionauth.FusionAuthStandIn.User;
import com.changebank.support.fusionauth.FusionAuthTest;
import com.changebank.support.fusionauth.Kickstart;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fusionauth.domain.Application;
import io.fusionauth.domain.api.user.RegistrationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * ChangeBank against a real FusionAuth, started with the project's docker-compose.yml and configured by its
 * kickstart: {@code -Dfusionauth.url=http://localhost:9011} (the GitHub workflow's {@code fusionauth} job). Without
 * it the class is skipped. Each test checks, against FusionAuth itself, something the stand-in of
 * {@code support/fusionauth} imitates from the documentation: its discovery document, the hosted login form and its
 * message for a wrong password, the logout page, the refresh token that logout revokes, an administrator's revocation
 * ending the session, and a login in Chromium.
 * <p>
 * The tests' ChangeBank runs on a free port, not the kickstart's {@code localhost:8080}: the class adds its address to
 * the application's redirect and logout URLs through FusionAuth's API (the kickstart's API key) and puts the
 * kickstart's back at the end.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@EnabledIfSystemProperty(named = "fusionauth.url", matches = ".+")
class FusionAuthServerIT {

    private static final String URL = System.getProperty("fusionauth.url", "").replaceAll("/$", "");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Kickstart KICKSTART = Kickstart.read();
    private static final Application APPLICATION = KICKSTART.application();
    private static final String API_KEY = KICKSTART.apiKeys().get(0).key;

    private final String app = TestServers.app();
    private final User user = kickstartUser();
    private final Browser browser = new Browser();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return FusionAuthTest.withIssuer(TestServers.war(), URL);
    }

    @BeforeAll
    static void letTheApplicationRedirectToTheTestsChangeBank() {
        untilTheKickstartHasRun(Duration.ofMinutes(3));
        String app = TestServers.app();
        List<String> redirects = new ArrayList<>(APPLICATION.oauthConfiguration.authorizedRedirectURLs.stream()
                .map(URI::toString).toList());
        redirects.addAll(List.of(app + "callback", app));
        patchApplication(Map.of("oauthConfiguration",
                Map.of("authorizedRedirectURLs", redirects, "logoutURL", app + "logout/local")));
    }

    @AfterAll
    static void restoreTheKickstartsApplication() {
        var oauth = APPLICATION.oauthConfiguration;
        patchApplication(Map.of(
                "oauthConfiguration", Map.of("authorizedRedirectURLs", oauth.authorizedRedirectURLs.stream()
                        .map(URI::toString).toList(), "logoutURL", oauth.logoutURL.toString()),
                "jwtConfiguration", Map.of("timeToLiveInSeconds", APPLICATION.jwtConfiguration.timeToLiveInSeconds)));
    }

    /**
     * The stand-in serves FusionAuth's documented discovery document: the real one must have the same fields, the
     * same {@code scopes_supported} ({@code openid} and {@code offline_access} only) and the kickstart's issuer.
     */
    @Test
    void theDiscoveryDocumentIsTheDocumentedOne() throws IOException {
        JsonNode real = JSON.readTree(api("GET", "/.well-known/openid-configuration", null).body());
        JsonNode documented;
        try (InputStream in = getClass().getResourceAsStream("/fusionauth/openid/configuration/response.json")) {
            documented = JSON.readTree(in);
        }
        assertEquals(KICKSTART.tenantIssuer(), real.path("issuer").asText());
        assertEquals(documented.path("scopes_supported"), real.path("scopes_supported"));
        assertEquals(fields(documented), fields(real), "the discovery document's fields");
        assertEquals(URL + "/oauth2/authorize", real.path("authorization_endpoint").asText());
    }

    @Test
    void logsInThroughTheHostedFormAfterAWrongPasswordAndMakesChange() {
        Page form = browser.get(app + "login");
        assertEquals(200, form.status(), form::body);
        assertEquals(URL + "/oauth2/authorize", form.uri().toString().replaceAll("\\?.*", ""));
        assertEquals("S256", Browser.query(form.uri()).get("code_challenge_method"));

        Page wrong = browser.submit(form.form(FusionAuthTest.LOGIN_FORM),
                Map.of("loginId", user.email(), "password", "not the password"));
        assertEquals(200, wrong.status(), "the stand-in's guess: the form again with 200");
        assertNotNull(wrong.document().selectFirst(FusionAuthTest.LOGIN_FORM), wrong::body);
        assertTrue(wrong.body().contains("Invalid login credentials."), "FusionAuth's message for it: " + wrong.body());

        Page account = FusionAuthTest.submitLogin(browser, wrong, user, false);
        assertEquals(URI.create(app + "account"), account.uri(), () -> "redirects: " + account.redirects());
        assertEquals(user.email(), account.document().selectFirst(".account-email").text());

        Page change = browser.submit(browser.get(app + "make-change").form("form.change-form"),
                Map.of("amount", "1.07"));
        assertEquals("We can make change for $1.07 with 21 nickels and 2 pennies!",
                change.document().selectFirst("p.result").text());
    }

    /** Logout revokes the login's refresh token, goes through FusionAuth's logout page and ends its SSO session. */
    @Test
    void logoutRevokesTheRefreshTokenAndEndsTheSsoSession() {
        Page account = FusionAuthTest.logIn(browser, app + "login", user);
        assertEquals(URI.create(app + "account"), account.uri(), () -> "redirects: " + account.redirects());
        int live = liveRefreshTokens();

        Page logoutPage = browser.submit(account.form("header form.logout"), Map.of());
        assertEquals(URL + "/oauth2/logout", logoutPage.uri().toString().replaceAll("\\?.*", ""));
        assertEquals(live - 1, liveRefreshTokens(), "the login's refresh token is gone");
        assertNotNull(logoutPage.document().selectFirst("iframe[src='" + app + "logout/local']"),
                () -> "the application's logout URL in a frame: " + logoutPage.body());
        Page home = FusionAuthTest.throughLogoutPage(browser, logoutPage);
        assertEquals(URI.create(app), home.uri());
        assertNotNull(browser.get(app + "account").document().selectFirst(FusionAuthTest.LOGIN_FORM),
                "no SSO session left: the form again");
    }

    /**
     * FusionAuth's "Logout And Session Management": revoking a user's refresh tokens ends her sessions. ChangeBank's
     * ends when the access token expires and its refresh is refused; here the application's tokens live 3 s.
     */
    @Test
    void anAdministratorsRevocationEndsTheSessionWhenTheAccessTokenExpires() {
        patchApplication(Map.of("jwtConfiguration", Map.of("timeToLiveInSeconds", 3)));
        try {
            FusionAuthTest.logIn(browser, app + "login", user);
            HttpResponse<String> revoked = api("DELETE", "/api/jwt/refresh?userId=" + user.id(), null);
            assertEquals(200, revoked.statusCode(), revoked::body);
            Pause.pause(Duration.ofSeconds(4));
            Page page = browser.get(app + "account");
            assertTrue(page.uri().toString().startsWith(URL + "/oauth2/authorize?"),
                    () -> "sent to FusionAuth's login: " + page.status() + " " + page.uri() + " " + page.redirects());
            assertNotNull(page.document().selectFirst(FusionAuthTest.LOGIN_FORM), "no SSO session left: the form");
        } finally {
            patchApplication(Map.of("jwtConfiguration",
                    Map.of("timeToLiveInSeconds", APPLICATION.jwtConfiguration.timeToLiveInSeconds)));
        }
    }

    /** A user's visit in Chromium: FusionAuth's own login page with its scripts, the account, logout. */
    @Test
    void logsInAndOutInChromium() throws IOException {
        Chromium.assumeInstalled();
        Chromium chromium = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(chromium, Duration.ofSeconds(30));
            Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
            chromium.get(app);
            assertEquals(List.of(), chromium.consoleErrors(), "console errors on the home page");
            chromium.findElement(By.cssSelector("header a.button")).click();
            wait.until(ExpectedConditions.urlContains(URL + "/oauth2/authorize"));
            // FusionAuth's own page: its console is not ChangeBank's to judge.
            chromium.consoleErrors();
            chromium.findElement(By.name("loginId")).sendKeys(user.email());
            WebElement password = chromium.findElement(By.name("password"));
            password.sendKeys(user.password());
            Files.write(screenshots.resolve("fusionauth-login.png"), chromium.getScreenshotAs(OutputType.BYTES));
            password.submit();

            wait.until(ExpectedConditions.urlToBe(app + "account"));
            assertEquals(user.email(), chromium.findElement(By.cssSelector(".account-email")).getText());
            Files.write(screenshots.resolve("fusionauth-account.png"), chromium.getScreenshotAs(OutputType.BYTES));
            assertEquals(List.of(), chromium.consoleErrors(), "console errors on the account page");

            chromium.findElement(By.cssSelector("header form.logout button")).click();
            wait.until(ExpectedConditions.urlToBe(app));
            assertEquals("Log in", chromium.findElement(By.cssSelector("header a.button")).getText());
        } finally {
            chromium.quit();
        }
    }

    private static User kickstartUser() {
        RegistrationRequest registration = KICKSTART.registrations().stream()
                .filter(request -> APPLICATION.id.equals(request.registration.applicationId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The kickstart registers no user to the application"));
        return User.of(registration.user);
    }

    private int liveRefreshTokens() {
        HttpResponse<String> tokens = api("GET", "/api/jwt/refresh?userId=" + user.id(), null);
        assertEquals(200, tokens.statusCode(), tokens::body);
        try {
            return JSON.readTree(tokens.body()).path("refreshTokens").size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * FusionAuth may answer before its kickstart has run (docker compose's health check asks {@code /api/status}):
     * waits until the kickstart's application is there, which also means its API key is.
     */
    private static void untilTheKickstartHasRun(Duration atMost) {
        Instant end = Instant.now().plus(atMost);
        int status = 0;
        while (Instant.now().isBefore(end)) {
            try {
                status = api("GET", "/api/application/" + APPLICATION.id, null).statusCode();
            } catch (UncheckedIOException notYet) {
                status = 0;
            }
            if (status == 200) {
                return;
            }
            System.out.println("Waiting for FusionAuth's kickstart at " + URL + " (GET /api/application: " + status
                    + ")");
            Pause.pause(Duration.ofSeconds(5));
        }
        throw new AssertionError("FusionAuth at " + URL + " has no application " + APPLICATION.id + " after " + atMost
                + " (last answer " + status + "): did its kickstart run? See `docker compose logs fusionauth`.");
    }

    private static void patchApplication(Map<String, Object> application) {
        HttpResponse<String> patched = api("PATCH", "/api/application/" + APPLICATION.id,
                Map.of("application", application));
        assertEquals(200, patched.statusCode(), patched::body);
    }

    /** A call of FusionAuth's API with the kickstart's API key. */
    private static HttpResponse<String> api(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", API_KEY);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("FusionAuth at " + URL + " did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> fields(JsonNode document) {
        Set<String> names = new TreeSet<>();
        document.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

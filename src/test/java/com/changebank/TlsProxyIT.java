package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Chromium;
import com.changebank.support.Haproxy;
import com.changebank.support.FreePort;
import com.changebank.support.TestServers;
import com.changebank.support.TlsProxy;
import com.changebank.support.fusionauth.FusionAuthStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * ChangeBank deployed as users deploy it: behind HAProxy terminating TLS with a certificate made for the test, the
 * app itself on plain HTTP, {@code APP_URL} the proxy's https address. In headless Chromium, which trusts that
 * certificate only: log in through the FusionAuth stand-in, make change, log out, all over https, with the session
 * cookie Secure and every answer carrying HSTS.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TlsProxyIT {

    private static final int PROXY_PORT = FreePort.find();
    private static final Path DIRECTORY = Path.of("target", "tls-proxy");

    private static TlsProxy proxy;
    private static FusionAuthStandIn provider;

    /** The app as a proxy's users reach it; the provider, as in the other stand-in tests, on localhost. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestServers.war().addAsResource(new StringAsset("config_ordinal=500\nISSUER=http://localhost:"
                + providerPort() + "\nAPP_URL=https://localhost:" + PROXY_PORT + "\n"),
                "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    static void startProxyAndProvider() {
        Chromium.assumeInstalled();
        Haproxy.assumeInstalled();
        proxy = TlsProxy.start(PROXY_PORT, Integer.getInteger("it.app.port"), DIRECTORY);
        provider = FusionAuthStandIn.start(providerPort(), proxy.origin());
    }

    @AfterAll
    static void stopProxyAndProvider() {
        if (provider != null) {
            provider.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void logInMakeChangeAndLogOutOverHttps() throws IOException {
        String app = proxy.origin() + "/";
        Chromium browser = Chromium.start(List.of("--ignore-certificate-errors-spki-list=" + proxy.publicKeyHash()));
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(app);
            assertEquals("Welcome to ChangeBank", browser.findElement(By.tagName("h1")).getText());
            browser.findElement(By.cssSelector("header a.button")).click();

            wait.until(ExpectedConditions.urlContains(provider.origin() + "/oauth2/authorize"));
            URI authorize = URI.create(browser.getCurrentUrl());
            assertTrue(authorize.getRawQuery().contains("redirect_uri=" + encoded(app + "callback")),
                    () -> "the redirect URI is the proxy's https address: " + authorize);
            browser.findElement(By.name("loginId")).sendKeys(provider.user().email());
            browser.findElement(By.name("password")).sendKeys(provider.user().password());
            browser.findElement(By.cssSelector("form button[type=submit]")).click();

            wait.until(ExpectedConditions.urlToBe(app + "account"));
            assertEquals(provider.user().email(), browser.findElement(By.cssSelector(".account-email")).getText());
            Cookie session = browser.manage().getCookieNamed("JSESSIONID");
            assertTrue(session.isSecure(), () -> "Secure: " + session);
            assertTrue(session.isHttpOnly(), () -> "HttpOnly: " + session);
            assertEquals("Lax", session.getSameSite());
            assertHttpsWithHsts(app + "account", session);

            browser.findElement(By.cssSelector("nav.menu a[href$='/make-change']")).click();
            wait.until(ExpectedConditions.urlToBe(app + "make-change"));
            browser.findElement(By.id("amount")).clear();
            browser.findElement(By.id("amount")).sendKeys("0.30");
            browser.findElement(By.cssSelector("form.change-form button")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".result")));
            assertEquals(app + "make-change", browser.getCurrentUrl());
            assertEquals("We can make change for $0.30 with 6 nickels and 0 pennies!",
                    browser.findElement(By.cssSelector(".result")).getText());
            screenshot(browser, "tls-change-made");

            browser.findElement(By.cssSelector("header form.logout button")).click();
            wait.until(ExpectedConditions.urlToBe(app));
            assertEquals("Log in", browser.findElement(By.cssSelector("header a.button")).getText());
            browser.get(app + "account");
            wait.until(ExpectedConditions.urlContains(provider.origin() + "/oauth2/authorize"));
            // The app's own pages only: the stand-in has no favicon.
            assertEquals(List.of(), browser.consoleErrors().stream().filter(error -> !error.startsWith(
                    provider.origin() + "/")).toList());
        } finally {
            browser.quit();
        }
    }

    /** What Chromium cannot tell a test: the headers. The same session, asked through the proxy by Java's client. */
    private static void assertHttpsWithHsts(String page, Cookie session) throws IOException {
        HttpClient http = HttpClient.newBuilder().sslContext(proxy.trustingIt()).build();
        for (String url : List.of(page, proxy.origin() + "/", proxy.origin() + "/static/changebank.css")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Cookie", session.getName() + "=" + session.getValue()).build();
            try {
                HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (url.endsWith("/")) {
                    // Home sends a logged-in user on: to the https address, written by Jakarta REST from APP_URL.
                    assertEquals(303, answer.statusCode(), url);
                    assertEquals(proxy.origin() + "/account", answer.headers().firstValue("Location").orElse(null));
                } else {
                    assertEquals(200, answer.statusCode(), url);
                }
                assertEquals("max-age=31536000", answer.headers().firstValue("Strict-Transport-Security")
                        .orElse(null), url);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String encoded(String url) {
        return java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void screenshot(Chromium browser, String name) throws IOException {
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static int providerPort() {
        return Integer.getInteger("it.fusionauth.port");
    }
}

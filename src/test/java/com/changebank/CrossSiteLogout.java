package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.changebank.support.Chromium;
import com.changebank.support.FreePort;
import com.changebank.support.Haproxy;
import com.changebank.support.TestServers;
import com.changebank.support.TlsProxy;
import com.changebank.support.fusionauth.FusionAuthStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A logout started at a provider on another site, such as FusionAuth Cloud: ChangeBank behind the TLS proxy at
 * {@code https://localhost:P}, the FusionAuth stand-in at {@code http://127.0.0.1:Q} (another site for browsers),
 * and in headless Chromium the stand-in's logout page, whose hidden frame loads ChangeBank's {@code /logout/local}.
 * The browser sends the session cookie in that cross-site frame only if it is {@code SameSite=None}:
 * {@link CrossSiteLogoutIT} deploys with {@code SESSION_COOKIE_SAME_SITE=None}, {@link CrossSiteLogoutLaxIT} with
 * the default, {@code Lax}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class CrossSiteLogout {

    private static final int PROXY_PORT = FreePort.find();
    private static final String PROVIDER_HOST = "127.0.0.1";
    private static final Path DIRECTORY = Path.of("target", "cross-site-logout");

    /**
     * Headless Chromium 156's fresh profile blocks third-party cookies: its net log showed the frame's request
     * without JSESSIONID ({@code EXCLUDE_USER_PREFERENCES}) whatever the SameSite. Cookie controls 0 ("allow
     * third-party cookies", Chrome's settings) let SameSite decide, in both tests. A browser that blocks third-party
     * cookies never sends the session cookie to the provider's frame, so its user's ChangeBank session outlives a
     * logout started at a provider on another site.
     */
    private static final Map<String, Object> ALLOW_THIRD_PARTY_COOKIES = Map.of("profile.cookie_controls_mode", 0);

    static TlsProxy proxy;
    static FusionAuthStandIn provider;

    /** ChangeBank at the proxy's https address, the stand-in on 127.0.0.1, and the session cookie's SameSite. */
    static WebArchive deployment(String sameSite) {
        return TestServers.war().addAsResource(new StringAsset("config_ordinal=500\nISSUER=http://" + PROVIDER_HOST
                + ":" + providerPort() + "\nAPP_URL=https://localhost:" + PROXY_PORT
                + "\nSESSION_COOKIE_SAME_SITE=" + sameSite + "\n"), "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    static void startProxyAndProvider() {
        Chromium.assumeInstalled();
        Haproxy.assumeInstalled();
        proxy = TlsProxy.start(PROXY_PORT, Integer.getInteger("it.app.port"), DIRECTORY);
        provider = FusionAuthStandIn.start(PROVIDER_HOST, providerPort(), proxy.origin());
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

    /** The attributes of the session cookie the server sets through the proxy, in lower case, in its order. */
    static List<String> sessionCookieAttributes() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().sslContext(proxy.trustingIt()).build();
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(proxy.origin() + "/account")).build(),
                HttpResponse.BodyHandlers.discarding());
        String cookie = answer.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + answer.headers()));
        return Stream.of(cookie.split(";")).skip(1).map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * In Chromium: logs in through the stand-in's form (without "Keep me signed in", so that the provider keeps no
     * session of its own), opens the stand-in's logout page as a user who logs out at FusionAuth does, waits for it
     * to send the browser on to ChangeBank, then asks for {@code /account}. {@code check} sees the browser there; the
     * screenshot goes to {@code target/screenshots/<screenshot>.png}.
     */
    static void logInThenLogOutAtTheProvider(String screenshot, Consumer<Chromium> check) {
        String app = proxy.origin() + "/";
        Chromium browser = Chromium.start(List.of("--ignore-certificate-errors-spki-list=" + proxy.publicKeyHash()),
                ALLOW_THIRD_PARTY_COOKIES);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(app + "account");
            wait.until(ExpectedConditions.urlContains(provider.origin() + "/oauth2/authorize"));
            browser.findElement(By.name("loginId")).sendKeys(provider.user().email());
            browser.findElement(By.name("password")).sendKeys(provider.user().password());
            browser.findElement(By.cssSelector("form button[type=submit]")).click();
            wait.until(ExpectedConditions.urlToBe(app + "account"));
            assertEquals(provider.user().email(), browser.findElement(By.cssSelector(".account-email")).getText());

            browser.get(provider.origin() + "/oauth2/logout?client_id=" + provider.clientId());
            // The page's frame has loaded once its refresh sends the browser on to the logout URL.
            wait.until(ExpectedConditions.urlContains(app));
            browser.get(app + "account");
            check.accept(browser);
            Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(Path.of("target", "screenshots", screenshot + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            browser.quit();
        }
    }

    private static int providerPort() {
        return Integer.getInteger("it.fusionauth.port");
    }
}

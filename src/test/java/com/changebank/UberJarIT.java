package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.FreePort;
import com.changebank.support.StubFusionAuth;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Payara Micro uber-jar as users run it: {@code java -jar target/changebank-micro.jar}, configured by the
 * environment and a {@code .env} file in its working directory.
 */
class UberJarIT {

    private static final Path JAR = Path.of("target", "changebank-micro.jar").toAbsolutePath();

    @TempDir
    static Path workDir;

    private static int providerPort;
    private static StubFusionAuth provider;
    private static Process jar;
    private static String app;
    private static int sslPort;
    private final Browser browser = new Browser();

    @BeforeAll
    static void startJar() throws IOException, InterruptedException {
        providerPort = FreePort.find();
        provider = StubFusionAuth.start(providerPort);
        Files.writeString(workDir.resolve(".env"), "CLIENT_ID=" + StubFusionAuth.CLIENT_ID + "\n"
                + "CLIENT_SECRET=" + StubFusionAuth.CLIENT_SECRET + "\nISSUER=http://localhost:1\n");
        int port = FreePort.find();
        app = "http://localhost:" + port + "/";
        sslPort = FreePort.find();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "--port", String.valueOf(port), "--sslport", String.valueOf(sslPort))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "uber-jar-it.log").toFile());
        // The environment wins over .env, whose ISSUER leads nowhere.
        builder.environment().put("ISSUER", provider.issuer());
        Instant start = Instant.now();
        jar = builder.start();
        awaitHome(Duration.ofMinutes(3));
        System.out.println("Uber-jar served / after " + Duration.between(start, Instant.now()).toMillis() + " ms");
    }

    @AfterAll
    static void stopJar() {
        if (jar != null) {
            jar.toHandle().descendants().forEach(ProcessHandle::destroy);
            jar.destroy();
            jar.onExit().join();
        }
        provider.close();
    }

    @Test
    void servesTheHomePageWithTheBakedInCookieSettings() {
        Page home = browser.get(app);
        assertEquals(200, home.status());
        assertEquals("Welcome to ChangeBank", home.document().selectFirst("h1").text());
        List<String> cookies = browser.step(app + "account").headers().allValues("Set-Cookie");
        assertTrue(cookies.stream().anyMatch(c -> c.contains("SameSite=Lax")), () -> "pre-boot commands: " + cookies);
    }

    @Test
    void overHttpsTheSessionCookieIsAlsoSecure() throws Exception {
        // Payara Micro's own self-signed certificate: this test trusts it, for this one connection only.
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
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
        }}, null);
        HttpsURLConnection https = (HttpsURLConnection) URI.create("https://localhost:" + sslPort + "/account").toURL()
                .openConnection();
        https.setSSLSocketFactory(trustAll.getSocketFactory());
        https.setHostnameVerifier((host, session) -> true);
        https.setInstanceFollowRedirects(false);
        assertEquals(302, https.getResponseCode());
        String cookie = https.getHeaderFields().get("Set-Cookie").get(0);
        https.disconnect();
        assertTrue(cookie.startsWith("JSESSIONID=") && cookie.contains("Secure") && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax"), cookie);
        String plain = browser.step(app + "account").headers().firstValue("Set-Cookie").orElseThrow();
        assertFalse(plain.contains("Secure"), () -> "over HTTP the cookie cannot be Secure: " + plain);
    }

    @Test
    void logsInWithTheEnvironmentsIssuerAndTheDotEnvClient() {
        Page account = browser.get(app + "login");
        assertEquals(app + "account", account.uri().toString(), () -> "redirects: " + account.redirects());
        assertEquals(StubFusionAuth.EMAIL, account.document().selectFirst(".account-email").text());
    }

    @Test
    void readyOnlyWhileTheProviderAnswersAndAliveRegardless() {
        Page ready = browser.get(app + "health/ready");
        assertEquals(200, ready.status(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());

        provider.close();
        try {
            Page notReady = browser.get(app + "health/ready");
            assertEquals(503, notReady.status(), notReady.body());
            assertTrue(notReady.body().contains("openid-provider") && notReady.body().contains("\"DOWN\""),
                    notReady.body());
            Page live = browser.get(app + "health/live");
            assertEquals(200, live.status(), live.body());
        } finally {
            provider = StubFusionAuth.start(providerPort);
        }
    }

    private static void awaitHome(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!jar.isAlive()) {
                throw new AssertionError("The uber-jar stopped; see target/uber-jar-it.log");
            }
            try {
                if (new Browser().get(app).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The uber-jar did not serve / in " + timeout + "; see target/uber-jar-it.log");
    }
}

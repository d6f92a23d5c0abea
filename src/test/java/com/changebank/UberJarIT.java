package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.FreePort;
import com.changebank.support.ListeningSockets;
import com.changebank.support.ListeningSockets.Socket;
import com.changebank.support.fusionauth.FusionAuthStandIn;
import com.changebank.support.fusionauth.FusionAuthTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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

    private static int port;
    private static int providerPort;
    private static FusionAuthStandIn provider;
    private static Process jar;
    private static String app;
    private final Browser browser = new Browser();

    @BeforeAll
    static void startJar() throws IOException, InterruptedException {
        port = FreePort.find();
        app = "http://localhost:" + port + "/";
        providerPort = FreePort.find();
        provider = FusionAuthStandIn.start(providerPort, app);
        Files.writeString(workDir.resolve(".env"), "CLIENT_ID=" + provider.clientId() + "\n"
                + "CLIENT_SECRET=" + provider.clientSecret() + "\nISSUER=http://localhost:1\n");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "--port", String.valueOf(port))
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
        assertTrue(cookies.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).contains("samesite=lax")),
                () -> "SameSite=Lax, the default: " + cookies);
    }

    /**
     * Started plainly, the uber-jar opens nothing to the network but its HTTP port: no Hazelcast on 0.0.0.0, no admin
     * or JMX port. Clustering is an opt-in (docs/clustering.md).
     */
    @Test
    void listensOnTheNetworkWithItsHttpPortOnly() {
        assumeTrue(ListeningSockets.readable(), "no /proc/net here");
        List<Socket> sockets = ListeningSockets.of(jar.toHandle());
        assertTrue(sockets.stream().anyMatch(s -> s.protocol().startsWith("tcp") && s.port() == port),
                () -> "the HTTP port " + port + " should be among the listening sockets " + sockets);
        List<Socket> open = sockets.stream().filter(s -> !s.loopback() && s.port() != port).toList();
        assertEquals(List.of(), open, () -> "sockets open to the network besides HTTP (all: " + sockets + ")");
    }

    @Test
    void logsInWithTheEnvironmentsIssuerAndTheDotEnvClient() {
        Page account = FusionAuthTest.logIn(browser, app + "login", provider.user());
        assertEquals(app + "account", account.uri().toString(), () -> "redirects: " + account.redirects());
        assertEquals(provider.user().email(), account.document().selectFirst(".account-email").text());
    }

    @Test
    void readyOnlyWhileTheProviderAnswersAndAliveRegardless() {
        Page ready = browser.get(app + "health/ready");
        assertEquals(200, ready.status(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());

        provider.close();
        FusionAuthTest.untilTheProviderIsAskedAgain();
        try {
            Page notReady = browser.get(app + "health/ready");
            assertEquals(503, notReady.status(), notReady.body());
            assertTrue(notReady.body().contains("openid-provider") && notReady.body().contains("\"DOWN\""),
                    notReady.body());
            Page live = browser.get(app + "health/live");
            assertEquals(200, live.status(), live.body());
        } finally {
            provider = FusionAuthStandIn.start(providerPort, app);
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

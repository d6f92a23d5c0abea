package com.changebank.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * ChangeBank without Docker: Keycloak plays FusionAuth. Started by {@code ./mvnw -Prun}; Ctrl-C stops both servers.
 */
public final class LocalRun {

    private static final Path PAYARA_LOG = Path.of("target", "payara-micro.log");

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        int appPort = Integer.getInteger("app.port", 8080);
        int keycloakPort = Integer.getInteger("keycloak.port", 8180);
        requireFree(appPort, "app.port");
        requireFree(keycloakPort, "keycloak.port");
        String app = "http://localhost:" + appPort;

        System.out.println("Starting Keycloak on port " + keycloakPort + " (first start takes about a minute)...");
        Keycloak keycloak = Keycloak.start(Path.of(System.getProperty("keycloak.home")), keycloakPort, app,
                System.out::println);
        List<AutoCloseable> running = new ArrayList<>(List.of(keycloak));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running)));

        System.out.println("Starting ChangeBank on Payara Micro, log: target/payara-micro.log ...");
        Process payara = startPayara(appPort, keycloak.issuer());
        running.add(0, () -> stop(payara.toHandle()));
        awaitHome(app, payara);

        System.out.println();
        System.out.println("ChangeBank is ready: open " + app + "/");
        System.out.println("Log in as richard@example.com with password 'password'.");
        System.out.println("OpenID provider: Keycloak at " + keycloak.issuer() + " (admin console: admin / admin).");
        System.out.println("Press Ctrl-C to stop ChangeBank and Keycloak.");
        payara.waitFor();
    }

    private static Process startPayara(int port, String issuer) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            return new ProcessBuilder(java.toString(), "-DISSUER=" + issuer,
                    "-jar", System.getProperty("payara.microJar"),
                    "--deploy", "target/changebank.war", "--contextroot", "/",
                    "--port", String.valueOf(port), "--nocluster",
                    "--postbootcommandfile", "server-config/payara/post-boot-commands.asadmin")
                    .redirectErrorStream(true)
                    .redirectOutput(PAYARA_LOG.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Payara Micro", e);
        }
    }

    private static void awaitHome(String app, Process payara) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest home = HttpRequest.newBuilder(URI.create(app + "/")).timeout(Duration.ofSeconds(5)).build();
        Instant start = Instant.now();
        while (payara.isAlive() && !failedToDeploy()) {
            try {
                if (http.send(home, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.println("ChangeBank answered after " + Duration.between(start, Instant.now()).toSeconds() + " s");
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("ChangeBank did not start; see " + PAYARA_LOG.toAbsolutePath());
    }

    /** The application's own reason, such as missing configuration, if its deployment failed. */
    private static boolean failedToDeploy() {
        try {
            List<String> log = Files.readAllLines(PAYARA_LOG);
            log.stream().filter(line -> line.contains("ChangeBank cannot start")).findFirst().ifPresent(System.err::println);
            return log.stream().anyMatch(line -> line.contains("Exception while loading the app"));
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void requireFree(int port, String property) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " is in use. Stop what uses it, or choose another port"
                    + " with -D" + property + "=PORT.");
        }
    }

    private static void stop(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.onExit().join();
    }

    private static void stopAll(List<AutoCloseable> running) {
        for (AutoCloseable server : running) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + server + ": " + e.getMessage());
            }
        }
        System.out.println("Stopped ChangeBank and Keycloak.");
    }
}

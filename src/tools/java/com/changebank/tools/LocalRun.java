package com.changebank.tools;

import com.changebank.security.DotEnvConfigSource;
import com.changebank.support.FreePort;
import com.changebank.support.Keycloak;
import java.io.IOException;
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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code ./mvnw -Prun}: ChangeBank's uber-jar against the FusionAuth of {@code docker compose up -d} when it answers
 * at the configured {@code ISSUER}, else with a local Keycloak playing FusionAuth, no Docker needed.
 * {@code -Dprovider=fusionauth} or {@code -Dprovider=keycloak} chooses. Ctrl-C stops all.
 */
public final class LocalRun {

    private static final Path PAYARA_LOG = Path.of("target", "payara-micro.log");
    private static final String UBER_JAR = "target/changebank-micro.jar";

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        String provider = System.getProperty("provider", "auto");
        if (provider.equals("auto")) {
            boolean answers = answersDiscovery(configured("ISSUER"));
            provider = answers ? "fusionauth" : "keycloak";
            System.out.println(answers ? "FusionAuth answers at " + configured("ISSUER") + ": using it."
                    : "No OpenID provider answers at " + configured("ISSUER") + " (docker compose up -d starts"
                    + " FusionAuth there): using a local Keycloak. -Dprovider=fusionauth|keycloak chooses.");
        } else if (!provider.equals("keycloak") && !provider.equals("fusionauth")) {
            throw new IllegalArgumentException("-Dprovider must be fusionauth, keycloak or auto, not " + provider);
        }
        int appPort = Integer.getInteger("app.port", 8080);
        FreePort.require(appPort, "app.port");
        String app = "http://localhost:" + appPort;
        List<AutoCloseable> running = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running)));

        String issuer;
        String login;
        if (provider.equals("keycloak")) {
            int keycloakPort = Integer.getInteger("keycloak.port", 8180);
            FreePort.require(keycloakPort, "keycloak.port");
            System.out.println("Starting Keycloak on port " + keycloakPort + " (first start takes about a minute)...");
            Keycloak keycloak = Keycloak.start(Path.of(System.getProperty("keycloak.home")), keycloakPort, app,
                    System.out::println);
            running.add(keycloak);
            issuer = keycloak.issuer();
            login = "OpenID provider: Keycloak at " + issuer + " (admin console: admin / admin).";
        } else {
            // ISSUER, CLIENT_ID and CLIENT_SECRET as the environment or .env give them.
            issuer = null;
            login = "OpenID provider: FusionAuth at " + configured("ISSUER")
                    + " (start it with: docker compose up -d; admin console: admin@example.com / password).";
        }

        System.out.println("Starting ChangeBank (" + UBER_JAR + "), log: " + PAYARA_LOG + " ...");
        Process payara = startPayara(appPort, issuer);
        running.add(0, () -> stop(payara.toHandle()));
        awaitHome(app, payara);

        System.out.println();
        System.out.println("ChangeBank is ready: open " + app + "/");
        System.out.println("Log in as richard@example.com with password 'password'.");
        System.out.println(login);
        System.out.println("Press Ctrl-C to stop.");
        payara.waitFor();
    }

    /** Whether a discovery document answers at {@code issuer} within two seconds. */
    private static boolean answersDiscovery(String issuer) throws InterruptedException {
        if (issuer == null) {
            return false;
        }
        try {
            HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer.replaceAll("/+$", "")
                    + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(discovery, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("\"authorization_endpoint\"");
        } catch (IOException | IllegalArgumentException notThere) {
            return false;
        }
    }

    private static String configured(String name) {
        String value = System.getenv(name);
        return value != null ? value : new DotEnvConfigSource().getValue(name);
    }

    private static Process startPayara(int port, String issuer) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (issuer != null) {
            command.add("-DISSUER=" + issuer);
        }
        command.addAll(LoneInstance.JVM);
        command.addAll(List.of("-jar", UBER_JAR, "--port", String.valueOf(port)));
        command.addAll(LoneInstance.PAYARA);
        try {
            return new ProcessBuilder(command)
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

    static void stop(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.onExit().join();
    }

    static void stopAll(List<AutoCloseable> running) {
        for (AutoCloseable server : running) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + server + ": " + e.getMessage());
            }
        }
        System.out.println("Stopped.");
    }
}

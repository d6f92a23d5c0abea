package com.changebank.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local Keycloak playing the OpenID provider, started from the unpacked Maven Central distribution with
 * ChangeBank's realm. Used by the end-to-end tests and by the Docker-free local run.
 */
public final class Keycloak implements AutoCloseable {

    public static final String REALM_FILE = "server-config/keycloak/changebank-realm.json";
    /** The application URL the realm file is written for. */
    static final String REALM_APP_URL = "http://localhost:8080";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final int port;
    private final Path log;

    private Keycloak(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Keycloak on {@code port} with the realm, rewritten for an application at {@code appUrl}, and waits
     * until its discovery document answers. {@code progress} hears about the wait every few seconds; {@code options}
     * are more of {@code kc.sh}'s, such as {@code --http-access-log-enabled=true}.
     */
    public static Keycloak start(Path home, int port, String appUrl, Consumer<String> progress, String... options) {
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak at " + home + ": run the Maven build (package) first.");
        }
        Path log = home.resolve("keycloak.log");
        try {
            String realm = Files.readString(Path.of(REALM_FILE)).replace(REALM_APP_URL, appUrl);
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.writeString(imports.resolve("changebank-realm.json"), realm);
            int managementPort = FreePort.find();
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port, "--http-management-port=" + managementPort,
                    "--db=dev-mem", "--import-realm"));
            command.addAll(List.of(options));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            Keycloak keycloak = new Keycloak(builder.start(), port, log);
            keycloak.awaitReady(progress);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Keycloak from " + home, e);
        }
    }

    public String issuer() {
        return "http://localhost:" + port + "/realms/changebank";
    }

    /** Keycloak's console output. */
    public Path log() {
        return log;
    }

    private void awaitReady(Consumer<String> progress) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant start = Instant.now();
        Instant nextReport = start.plusSeconds(5);
        while (true) {
            try {
                if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    progress.accept("Keycloak is ready at " + issuer() + " after "
                            + Duration.between(start, Instant.now()).toSeconds() + " s");
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted while Keycloak was starting", e);
            }
            if (!process.isAlive() || Instant.now().isAfter(start.plus(START_TIMEOUT))) {
                close();
                throw new IllegalStateException("Keycloak did not start (see " + log + "):\n" + logTail());
            }
            if (Instant.now().isAfter(nextReport)) {
                progress.accept("Keycloak is starting... " + Duration.between(start, Instant.now()).toSeconds()
                        + " s (log: " + log + ")");
                nextReport = nextReport.plusSeconds(5);
            }
            sleep(Duration.ofMillis(500));
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops Keycloak and every process it started: kc.sh builds once, then runs Java again under it. */
    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> all = new ArrayList<>(handle.descendants().toList());
        all.add(handle);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                p.destroyForcibly();
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

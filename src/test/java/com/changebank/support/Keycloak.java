package com.changebank.support;

import com.changebank.security.DotEnvConfigSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
            Pause.pause(Duration.ofMillis(500));
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

    /**
     * Lets ChangeBank at {@code appUrl} log in too, besides the address the realm was written for: a load balancer
     * in front of ChangeBank, say. Through the admin API of the running Keycloak.
     */
    public void allowApp(String appUrl) {
        ObjectNode settings = client();
        ((ArrayNode) settings.get("redirectUris")).add(appUrl + "/callback").add(appUrl + "/");
        ((ArrayNode) settings.get("webOrigins")).add(appUrl);
        ObjectNode attributes = (ObjectNode) settings.get("attributes");
        attributes.put("post.logout.redirect.uris",
                attributes.path("post.logout.redirect.uris").asText() + "##" + appUrl + "/");
        admin("PUT", "/clients/" + settings.get("id").asText(), settings);
    }

    /** How long the realm's access and ID tokens live (Keycloak's default: 5 minutes). */
    public void tokenLifespan(Duration lifespan) {
        ObjectNode realm = (ObjectNode) admin("GET", "", null);
        realm.put("accessTokenLifespan", lifespan.toSeconds());
        admin("PUT", "", realm);
    }

    /** Another user of the realm, who logs in with {@code email} and {@code password}. */
    public void addUser(String email, String password) {
        ObjectNode user = JSON.createObjectNode().put("username", email).put("email", email)
                .put("emailVerified", true).put("enabled", true).put("firstName", "Test").put("lastName", email);
        user.putArray("credentials").addObject().put("type", "password").put("value", password)
                .put("temporary", false);
        admin("POST", "/users", user);
    }

    /** The user's sessions: online ones in which she used ChangeBank's client, and offline ones of that client. */
    public record Sessions(int online, int offline) {
    }

    /** The id of the realm's user with this username (the realm's users log in with their email). */
    public String userId(String username) {
        JsonNode users = admin("GET", "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8), null);
        if (users.size() != 1) {
            throw new IllegalStateException("Keycloak has " + users.size() + " users named " + username);
        }
        return users.get(0).get("id").asText();
    }

    /**
     * An administrator ends the user's sessions. {@code POST users/{id}/logout} removes the online ones and sets the
     * user's not-before, so an offline refresh token issued earlier is refused ("Stale token"), but the offline
     * session, which ChangeBank's {@code offline_access} creates, stays listed until
     * {@code DELETE users/{id}/consents/{clientId}} revokes the client's consent and offline tokens. That answers
     * 404 when there was neither, which is no failure here.
     */
    public void revokeSessions(String userId) {
        admin("POST", "/users/" + userId + "/logout", null);
        HttpResponse<String> consent = adminResponse("DELETE", "/users/" + userId + "/consents/" + clientId(), null);
        if (consent.statusCode() != 204 && consent.statusCode() != 404) {
            throw new IllegalStateException("Keycloak admin DELETE consents answered " + consent.statusCode() + ": "
                    + consent.body());
        }
    }

    /** The user's sessions with ChangeBank's client ({@code GET users/{id}/sessions}, {@code offline-sessions}). */
    public Sessions sessions(String userId) {
        String clientUuid = client().get("id").asText();
        int online = 0;
        for (JsonNode session : admin("GET", "/users/" + userId + "/sessions", null)) {
            online += session.path("clients").has(clientUuid) ? 1 : 0;
        }
        return new Sessions(online, admin("GET", "/users/" + userId + "/offline-sessions/" + clientUuid, null).size());
    }

    /**
     * From now on Keycloak records every request of ChangeBank's client that it logs as an event: logins, code and
     * refresh token requests, userinfo, logouts and revocations; the ones recorded before are forgotten. (Discovery
     * and key requests are not events.)
     */
    public void recordClientEvents() {
        ObjectNode config = JSON.createObjectNode().put("eventsEnabled", true);
        ArrayNode types = config.putArray("enabledEventTypes");
        for (String type : List.of("LOGIN", "LOGIN_ERROR", "CODE_TO_TOKEN", "CODE_TO_TOKEN_ERROR", "REFRESH_TOKEN",
                "REFRESH_TOKEN_ERROR", "USER_INFO_REQUEST", "USER_INFO_REQUEST_ERROR", "LOGOUT", "LOGOUT_ERROR",
                "REVOKE_GRANT", "REVOKE_GRANT_ERROR")) {
            types.add(type);
        }
        admin("PUT", "/events/config", config);
        admin("DELETE", "/events", null);
    }

    /** The types of the events recorded for ChangeBank's client since {@link #recordClientEvents}, oldest first. */
    public List<String> clientEvents() {
        List<String> types = new ArrayList<>();
        admin("GET", "/events?max=100000&client=" + clientId(), null).forEach(event -> types.add(0,
                event.path("type").asText()));
        return types;
    }

    private static String clientId() {
        return new DotEnvConfigSource().getValue("CLIENT_ID");
    }

    /** ChangeBank's client as the admin API represents it; its {@code id} is the UUID other calls take. */
    private ObjectNode client() {
        return (ObjectNode) admin("GET", "/clients?clientId=" + clientId(), null).get(0);
    }

    /** One call of the admin API on the realm, as the bootstrap admin; an answer of 300 or more fails. */
    private JsonNode admin(String method, String path, JsonNode body) {
        HttpResponse<String> response = adminResponse(method, path, body);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("Keycloak admin " + method + " " + path + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak admin " + method + " " + path, e);
        }
    }

    private HttpResponse<String> adminResponse(String method, String path, JsonNode body) {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + port;
        try {
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=password&client_id=admin-cli&username=admin&password=admin"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String accessToken = JSON.readTree(token.body()).path("access_token").asText();
            return http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/changebank" + path))
                    .header("Authorization", "Bearer " + accessToken)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak admin " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

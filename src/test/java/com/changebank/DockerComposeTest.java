package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.changebank.security.DotEnvConfigSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, docker-compose.app.yml and the Dockerfile only run where Docker does, so a typo in them would
 * show up only on a user's machine. This checks, without Docker, what the README promises about them.
 */
class DockerComposeTest {

    /** {@code ${NAME}}, {@code ${NAME:-default}} or {@code $NAME}, but not the escaped {@code $$}. */
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern PLAIN_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<Path> COMPOSE_FILES = List.of(Path.of("docker-compose.yml"), Path.of("docker-compose.app.yml"));

    private static Map<String, Object> services;
    private static Map<String, Object> appServices;
    private static Map<String, String> env;

    @BeforeAll
    static void load() throws IOException {
        services = services(COMPOSE_FILES.get(0));
        appServices = services(COMPOSE_FILES.get(1));
        // Compose reads .env itself; the app's parser must see the same values.
        env = new DotEnvConfigSource(Path.of(".env")).getProperties();
    }

    @Test
    void plainUpStartsFusionAuthAndItsStoresOnly() {
        assertEquals(Set.of("db", "search", "fusionauth"), services.keySet(), "docker-compose.yml services");
        // Were 8080 published here, ChangeBank run on the host for this FusionAuth could not start.
        assertEquals(List.of("127.0.0.1:9011:9011"), strings(service(services, "fusionauth").get("ports")),
                "fusionauth ports");
    }

    /**
     * The kickstart's API key and passwords are for development only: no published port may be reachable from another
     * machine. A port without a host address ({@code 9011:9011}) is published on every interface.
     */
    @Test
    void everyPublishedPortIsBoundToLoopback() throws IOException {
        List<String> published = new ArrayList<>();
        for (Path file : COMPOSE_FILES) {
            services(file).forEach((name, service) -> {
                for (Object port : list(map(service, "service " + name).get("ports"))) {
                    published.add(file + " " + name + ": " + port);
                    String hostIp = port instanceof Map<?, ?> longSyntax ? String.valueOf(longSyntax.get("host_ip"))
                            : hostIp(String.valueOf(port));
                    assertEquals("127.0.0.1", hostIp, () -> file + ": service " + name + " publishes " + port
                            + ", reachable beyond this machine; write \"127.0.0.1:HOST:CONTAINER\"");
                }
            });
        }
        assertFalse(published.isEmpty(), "the compose files should publish FusionAuth's port");
    }

    @Test
    void postgresIsOfMajorVersion16() {
        String image = String.valueOf(service(services, "db").get("image"));
        Matcher tag = Pattern.compile("postgres:(\\d+)(\\.\\d+)?(-[a-z0-9.]+)?").matcher(image);
        assertTrue(tag.matches(), () -> "db image should be a postgres tag, not " + image);
        // FusionAuth's database files are those of one major version: another major needs a dump and a restore.
        assertEquals("16", tag.group(1), () -> "db image " + image + " should be Postgres 16");
    }

    @Test
    void everyVariableComesFromDotEnv() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path file : COMPOSE_FILES) {
            Matcher matcher = VARIABLE.matcher(Files.readString(file));
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
        }
        assertFalse(used.isEmpty(), "the compose files should take their settings from .env");
        used.removeAll(env.keySet());
        assertTrue(used.isEmpty(), "the compose files use variables that .env does not define: " + used);
    }

    @Test
    void fusionAuthFindsTheKickstart() {
        Map<String, Object> fusionAuth = service(services, "fusionauth");
        String file = resolve(map(fusionAuth.get("environment"), "fusionauth environment").get("FUSIONAUTH_APP_KICKSTART_FILE"));
        String directory = file.substring(0, file.lastIndexOf('/'));
        String volume = strings(fusionAuth.get("volumes")).stream()
                .filter(v -> v.split(":").length > 1 && v.split(":")[1].equals(directory))
                .findFirst()
                .orElseGet(() -> fail("fusionauth should mount a folder at " + directory
                        + ", the directory of FUSIONAUTH_APP_KICKSTART_FILE " + file));
        Path onHost = Path.of(volume.split(":")[0], file.substring(directory.length() + 1));
        assertEquals(Path.of("kickstart", "kickstart.json"), onHost.normalize(), "kickstart file on the host");
        assertTrue(Files.isRegularFile(onHost), onHost + " should exist");
    }

    @Test
    void changeBankSeesFusionAuthAtTheIssuerTheBrowserSees() throws IOException {
        assertEquals(Set.of("fusionauth", "changebank"), appServices.keySet(), "docker-compose.app.yml services");
        Map<String, Object> changebank = service(appServices, "changebank");
        assertEquals("service:fusionauth", changebank.get("network_mode"),
                "changebank should share fusionauth's network namespace, where localhost:9011 is FusionAuth");
        assertEquals("service_healthy", map(map(changebank.get("depends_on"), "changebank depends_on")
                .get("fusionauth"), "changebank depends_on fusionauth").get("condition"),
                "changebank should wait for a healthy fusionauth");
        assertEquals(List.of("127.0.0.1:8080:8080"), strings(service(appServices, "fusionauth").get("ports")),
                "fusionauth's container publishes the port of the app that shares its namespace");

        Map<String, Object> environment = map(changebank.get("environment"), "changebank environment (a mapping)");
        String issuer = resolve(environment.get("ISSUER"));
        assertEquals(tenantIssuer(), issuer, "changebank ISSUER should be the kickstart's tenant issuer");
        // The browser reaches the issuer through the host port, the app through the container port:
        // one issuer URL serves both only when the two ports are equal.
        URI uri = URI.create(issuer);
        assertEquals("localhost", uri.getHost(), "issuer host");
        String port = "127.0.0.1:" + uri.getPort() + ":" + uri.getPort();
        assertTrue(strings(service(services, "fusionauth").get("ports")).contains(port),
                "fusionauth should publish " + port + " for the issuer " + issuer);
        for (String name : List.of("CLIENT_ID", "CLIENT_SECRET")) {
            assertEquals(env.get(name), resolve(environment.get(name)), "changebank " + name + " should be the .env value");
        }
    }

    @Test
    void imageRunsTheUberJarOn8080() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile")).replace("\\\n", " ");
        List<String> lines = dockerfile.lines().map(String::strip).collect(Collectors.toList());
        int lastFrom = 0;
        for (int i = 0; i < lines.size(); i++) {
            lastFrom = lines.get(i).startsWith("FROM ") ? i : lastFrom;
        }
        List<String> stage = lines.subList(lastFrom, lines.size());

        assertTrue(stage.contains("EXPOSE 8080"), "the final stage should EXPOSE 8080");
        assertTrue(stage.stream().anyMatch(l -> l.startsWith("USER ") && !l.equals("USER root")),
                "the final stage should run as a user other than root");
        String cmd = stage.stream().filter(l -> l.startsWith("CMD [") || l.startsWith("ENTRYPOINT ["))
                .reduce((first, second) -> second)
                .orElseGet(() -> fail("the final stage should start Payara Micro with an exec-form CMD"));
        List<String> args = JSON.readValue(cmd.substring(cmd.indexOf('[')),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        assertEquals(List.of("java", "-XX:AOTCache=changebank.aot", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=40",
                "-jar", "changebank-micro.jar", "--port", "8080", "--nohazelcast",
                "--unpackdir", "/app/runtime"), args, "the image's command");
        assertTrue(stage.stream().anyMatch(l -> l.startsWith("RUN ") && l.contains("-XX:AOTCacheOutput=changebank.aot")
                && l.contains("--warmup") && l.contains("--unpackdir /app/runtime")),
                "the final stage should write the AOT cache that its command maps");
    }

    private static String tenantIssuer() throws IOException {
        JsonNode requests = JSON.readTree(Path.of("kickstart", "kickstart.json").toFile()).path("requests");
        return StreamSupport.stream(requests.spliterator(), false)
                .filter(r -> r.path("url").asText().startsWith("/api/tenant/"))
                .map(r -> r.path("body").path("tenant").path("issuer"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .findFirst()
                .orElseGet(() -> fail("kickstart should set the tenant issuer"));
    }

    /** Replaces {@code ${NAME}} with its .env value, as compose does. */
    private static String resolve(Object value) {
        return PLAIN_VARIABLE.matcher(String.valueOf(value)).replaceAll(m -> Matcher.quoteReplacement(
                env.getOrDefault(m.group(1), "<" + m.group(1) + " missing in .env>")));
    }

    private static Map<String, Object> services(Path file) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(file));
        return map(compose.get("services"), file + " services");
    }

    private static Map<String, Object> service(Map<String, Object> services, String name) {
        return map(services.get(name), "service " + name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        return assertInstanceOf(Map.class, value, what);
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).collect(Collectors.toList());
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    /**
     * The host address of a port in compose's short syntax, {@code [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]};
     * none when the entry has fewer than three parts (an IPv6 address would be in brackets).
     */
    private static String hostIp(String port) {
        int last = port.lastIndexOf(':');
        int before = last < 0 ? -1 : port.lastIndexOf(':', last - 1);
        return before < 0 ? "none (every interface)" : port.substring(0, before).replaceAll("^\\[|]$", "");
    }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * ChangeBank's uber-jar on several Payara Micro instances of this machine, joined in one Payara (Hazelcast) cluster
 * by TCP/IP on 127.0.0.1 (no multicast), their sessions in the cluster's data grid, behind Debian's HAProxy. HAProxy
 * keeps each user on one node (its cookie {@code SRV}), checks every node each second, and sends the users of a dead
 * node to a live one, which reads their sessions from the data grid.
 */
public final class Cluster implements AutoCloseable {

    private static final Path UBER_JAR = Path.of("target", "changebank-micro.jar");
    /** The opt-in to clustering: the uber-jar is built without Hazelcast (pom.xml, uberJar.options). */
    private static final Path CLUSTER_PROPERTIES = Path.of("server-config", "payara", "cluster.properties");
    /** Sessions in the data grid, where the uber-jar keeps them in memory. */
    private static final Path CLUSTER_COMMANDS = Path.of("server-config", "payara", "cluster.asadmin");
    private static final Duration NODE_START_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Liveness, not readiness: readiness needs the provider, so a provider outage would fail every node at once and
     * HAProxy would answer 503 to all, also to logged-in users, who need no provider until their session ends.
     */
    private static final String HEALTH_CHECK = "/health/live";
    private static final Duration HAPROXY_START_TIMEOUT = Duration.ofMinutes(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One Payara Micro instance: its HTTP port, its cluster (Hazelcast) port and its log. */
    public record Node(String name, int httpPort, int clusterPort, Path log) {
        public String url() {
            return "http://localhost:" + httpPort;
        }
    }

    private final String name;
    private final int port;
    private final String issuer;
    private final Path directory;
    private final List<Node> nodes;
    private final Map<Node, Process> running = new LinkedHashMap<>();
    private final Consumer<String> progress;
    private Process haproxy;

    private final boolean replicated;
    private final String appUrl;

    private Cluster(String name, int port, String issuer, Path directory, List<Node> nodes, Consumer<String> progress,
            boolean replicated, String appUrl) {
        this.replicated = replicated;
        this.appUrl = appUrl;
        this.name = name;
        this.port = port;
        this.issuer = issuer;
        this.directory = directory;
        this.nodes = nodes;
        this.progress = progress;
    }

    /**
     * Starts {@code size} nodes on free ports, waits until they are ready and have joined one cluster, then puts
     * HAProxy in front of them on 127.0.0.1:{@code port}. {@code issuer} null: the nodes read ISSUER as users do;
     * else the local Keycloak's issuer.
     * Logs and HAProxy's configuration go to {@code directory}.
     */
    public static Cluster start(int size, int port, String issuer, Path directory, Consumer<String> progress) {
        return start(size, port, issuer, directory, progress, true);
    }

    /**
     * As {@link #start(int, int, String, Path, Consumer)}; {@code replicated} false keeps each node's sessions in its
     * memory alone, as before the login serialized: for the benchmark's comparison.
     */
    public static Cluster start(int size, int port, String issuer, Path directory, Consumer<String> progress,
            boolean replicated) {
        return start(size, port, issuer, null, directory, progress, replicated);
    }

    /**
     * As {@link #start(int, int, String, Path, Consumer, boolean)}, the nodes told the address users reach them at
     * ({@code APP_URL}), where a proxy terminating TLS stands in front of the load balancer; null for none.
     */
    public static Cluster start(int size, int port, String issuer, String appUrl, Path directory,
            Consumer<String> progress, boolean replicated) {
        if (Haproxy.command().isEmpty()) {
            throw new IllegalStateException("No haproxy: install Debian's package with `apt-get install haproxy`");
        }
        if (!Files.isRegularFile(UBER_JAR)) {
            throw new IllegalStateException("No " + UBER_JAR + ": run ./mvnw package first.");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Node> nodes = IntStream.rangeClosed(1, size)
                .mapToObj(i -> new Node("node" + i, FreePort.find(), FreePort.find(),
                        directory.resolve("node" + i + ".log").toAbsolutePath()))
                .toList();
        // A name of its own, so that the nodes never join another ChangeBank of this machine.
        Cluster cluster = new Cluster("changebank-" + port, port, issuer, directory, nodes, progress, replicated,
                appUrl);
        try {
            nodes.forEach(cluster::launch);
            for (Node node : nodes) {
                cluster.awaitReady(node);
            }
            cluster.awaitMembers(nodes.get(nodes.size() - 1), size);
            cluster.startHaproxy();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The load balancer's address: ChangeBank's for its users (and the redirect URI's). */
    public String url() {
        return "http://localhost:" + port;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node " + nodeName));
    }

    /** Kills the node's process (SIGKILL): no shutdown, its sessions are lost. */
    public void kill(Node node) {
        Process process = running.remove(node);
        process.destroyForcibly();
        process.onExit().join();
    }

    /** Stops the node as an administrator would (SIGTERM). */
    public void stop(Node node) {
        Process process = running.remove(node);
        if (process != null) {
            process.destroy();
            process.onExit().join();
        }
    }

    /** Starts a stopped node again on its ports and waits until it is ready; the cluster it joins is awaited apart. */
    public void restart(Node node) {
        launch(node);
        awaitReady(node);
    }

    /**
     * Waits until the node's log says it belongs to a cluster of {@code size} members, and returns how long that
     * took: Payara logs its data grid's state ("DG Size: 2") when the node joins.
     */
    public Duration awaitMembers(Node node, int size) {
        Instant start = Instant.now();
        String joined = "DG Name: " + name + " DG Size: " + size;
        while (!log(node).contains(joined)) {
            if (Instant.now().isAfter(start.plusSeconds(60))) {
                throw new IllegalStateException(node.name() + " did not join a cluster of " + size + " (see "
                        + node.log() + ")");
            }
            sleep(Duration.ofMillis(250));
        }
        return Duration.between(start, Instant.now());
    }

    private void launch(Node node) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (issuer != null) {
            command.add("-DISSUER=" + issuer);
        }
        if (appUrl != null) {
            command.add("-DAPP_URL=" + appUrl);
        }
        String members = nodes.stream().map(n -> "127.0.0.1:" + n.clusterPort()).collect(Collectors.joining(","));
        // The uber-jar's own hazelcast.socket.bind.any=false keeps Hazelcast on --interfaces only.
        command.addAll(List.of("-jar", UBER_JAR.toString(), "--systemproperties", CLUSTER_PROPERTIES.toString()));
        if (replicated) {
            command.addAll(List.of("--prebootcommandfile", CLUSTER_COMMANDS.toString()));
        }
        command.addAll(List.of("--port", String.valueOf(node.httpPort()),
                "--name", node.name(), "--clustername", name, "--clustermode", "tcpip:" + members,
                "--startport", String.valueOf(node.clusterPort()), "--interfaces", "127.0.0.1"));
        try {
            running.put(node, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(node.log().toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + node.name(), e);
        }
        progress.accept("Starting " + node.name() + " on port " + node.httpPort() + " (cluster port "
                + node.clusterPort() + "), log: " + node.log());
    }

    /** Waits until the node is live, as HAProxy's checks see it: its app is deployed. */
    private void awaitReady(Node node) {
        Instant start = Instant.now();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(node.url() + HEALTH_CHECK))
                .timeout(Duration.ofSeconds(5)).build();
        while (true) {
            Process process = running.get(node);
            if (process == null || !process.isAlive() || log(node).contains("Exception while loading the app")) {
                throw new IllegalStateException(node.name() + " did not start; see " + node.log());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    progress.accept(node.name() + " is ready after " + Duration.between(start, Instant.now()).toSeconds()
                            + " s");
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (Instant.now().isAfter(start.plus(NODE_START_TIMEOUT))) {
                throw new IllegalStateException(node.name() + " was not ready in " + NODE_START_TIMEOUT + "; see "
                        + node.log());
            }
            sleep(Duration.ofMillis(500));
        }
    }

    /**
     * The load balancer: sticky sessions by its own cookie (set on the first answer, before the login, so the
     * provider's callback comes back to the node that started the login); a node is out after two failed checks a
     * second apart, and back after two good ones; a request that finds its node dead (refused, or closed without an
     * answer) is sent to another node.
     */
    private void startHaproxy() {
        StringBuilder config = new StringBuilder("""
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response

                frontend changebank
                    bind 127.0.0.1:%d
                    # HTTP/2 without TLS (h2c, which Java's HTTP client asks for): past the 101 answer, HAProxy would
                    # only pass bytes, and no longer keep users on their node.
                    http-request del-header Upgrade if { req.hdr(Upgrade) -i h2c }
                    default_backend nodes

                backend nodes
                    balance roundrobin
                    cookie SRV insert indirect nocache httponly attr SameSite=Lax
                    option httpchk GET %s
                    default-server check inter 1s fall 2 rise 2
                """.formatted(port, HEALTH_CHECK));
        nodes.forEach(node -> config.append("    server ").append(node.name()).append(" 127.0.0.1:")
                .append(node.httpPort()).append(" cookie ").append(node.name()).append('\n'));
        Path log = directory.resolve("haproxy.log");
        if (!FreePort.isFree(port)) {
            throw new IllegalStateException("Port " + port + " is in use: HAProxy cannot listen there. Choose another"
                    + " with -Dapp.port=...");
        }
        haproxy = Haproxy.start(directory, config.toString());
        Instant start = Instant.now();
        HttpRequest home = HttpRequest.newBuilder(URI.create(url() + "/")).timeout(Duration.ofSeconds(10)).build();
        while (true) {
            try {
                if (HTTP.send(home, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    progress.accept("HAProxy balances " + nodes.size() + " nodes at " + url() + "/ after "
                            + Duration.between(start, Instant.now()).toSeconds() + " s (configuration " + directory.resolve("haproxy.cfg")
                            + ", log " + log + ")");
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet, or the first page is still being compiled.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!haproxy.isAlive()) {
                throw new IllegalStateException("HAProxy stopped with exit code " + haproxy.exitValue() + "; see "
                        + log);
            }
            if (Instant.now().isAfter(start.plus(HAPROXY_START_TIMEOUT))) {
                throw new IllegalStateException("HAProxy did not answer on port " + port + " in "
                        + HAPROXY_START_TIMEOUT.toSeconds() + " s; see " + log);
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static String log(Node node) {
        try {
            return Files.exists(node.log()) ? new String(Files.readAllBytes(node.log()), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.onExit().join();
        }
        List.copyOf(running.keySet()).forEach(this::stop);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

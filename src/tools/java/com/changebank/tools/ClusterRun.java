package com.changebank.tools;

import com.changebank.support.Browser;
import com.changebank.support.Cluster;
import com.changebank.support.FreePort;
import com.changebank.support.Keycloak;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ./mvnw -Pcluster}: ChangeBank on several Payara Micro nodes ({@code -Dcluster.nodes}, 2 by default) joined
 * in one cluster, behind HAProxy on {@code -Dapp.port} (8080), with a local Keycloak as the provider. Ctrl-C stops
 * all. With {@code -Dcluster.bench=SECONDS}, it measures instead the throughput of one node against two with wrk,
 * through HAProxy, with the sessions in each node's memory and then in the data grid, and stops.
 */
public final class ClusterRun {

    private static final Path LOGS = Path.of("target", "cluster");
    private static final String PASSWORD = "password";
    /** A node just started runs its code interpreted at first: without a warm-up, one node would look slower. */
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    private ClusterRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        int appPort = Integer.getInteger("app.port", 8080);
        int keycloakPort = Integer.getInteger("keycloak.port", 8180);
        int size = Integer.getInteger("cluster.nodes", 2);
        Integer benchSeconds = Integer.getInteger("cluster.bench");
        String app = "http://localhost:" + appPort;
        List<AutoCloseable> running = new ArrayList<>();
        Thread stopAll = new Thread(() -> running.forEach(ClusterRun::close));
        Runtime.getRuntime().addShutdownHook(stopAll);

        FreePort.require(appPort, "app.port");
        FreePort.require(keycloakPort, "keycloak.port");
        System.out.println("Starting Keycloak on port " + keycloakPort + "...");
        Keycloak keycloak = Keycloak.start(Path.of(System.getProperty("keycloak.home")), keycloakPort, app,
                System.out::println);
        running.add(keycloak);
        if (benchSeconds != null) {
            bench(size, appPort, keycloak, Duration.ofSeconds(benchSeconds), running);
            return;
        }
        Cluster cluster = Cluster.start(size, appPort, keycloak.issuer(), LOGS, System.out::println);
        running.add(0, cluster);

        System.out.println();
        System.out.println("ChangeBank is ready on " + size + " nodes behind HAProxy: open " + app + "/");
        System.out.println("Log in as richard@example.com with password 'password'. Keycloak: " + keycloak.issuer());
        System.out.println("Nodes: " + cluster.nodes().stream().map(n -> n.name() + " " + n.url())
                .collect(Collectors.joining(", ")) + "; logs in " + LOGS + "/");
        System.out.println("Press Ctrl-C to stop.");
        Thread.currentThread().join();
    }

    /**
     * Throughput of {@code /account} for logged-in users through HAProxy: a cluster whose sessions stay in each
     * node's memory, then one whose sessions are in the data grid; in each, first with the second node stopped, then
     * with all, each time with fresh users (HAProxy spreads new users over the nodes it has) and after a warm-up.
     */
    private static void bench(int size, int port, Keycloak keycloak, Duration duration, List<AutoCloseable> running)
            throws InterruptedException {
        int users = 16;
        for (int i = 0; i < 4 * users; i++) {
            keycloak.addUser("bench" + i + "@example.com", PASSWORD);
        }
        List<String> results = new ArrayList<>();
        for (boolean replicated : List.of(false, true)) {
            String sessions = replicated ? "sessions in the data grid" : "sessions in memory";
            Cluster cluster = Cluster.start(size, port, keycloak.issuer(), LOGS, System.out::println, replicated);
            running.add(0, cluster);
            int first = replicated ? 2 * users : 0;
            Cluster.Node other = cluster.nodes().get(1);
            cluster.stop(other);
            Thread.sleep(3_000); // two failed checks, a second apart
            List<String> alone = logIn(cluster, first, users);
            wrk(cluster, alone, WARM_UP, "one node, " + sessions + ", warming up (not counted)");
            double one = wrk(cluster, alone, duration, "one node, " + sessions);
            cluster.restart(other);
            cluster.awaitMembers(other, cluster.nodes().size());
            Thread.sleep(3_000); // two good checks
            List<String> all = logIn(cluster, first + users, users);
            wrk(cluster, all, WARM_UP, size + " nodes, " + sessions + ", warming up (not counted)");
            double many = wrk(cluster, all, duration, size + " nodes, " + sessions);
            results.add(String.format("%s: one node %.0f req/s, %d nodes %.0f req/s, ratio %.2f", sessions, one, size,
                    many, many / one));
            running.remove(cluster);
            cluster.close();
        }
        System.out.println("Throughput of /account through HAProxy, in one run:");
        results.forEach(line -> System.out.println("  " + line));
    }

    /** Logs users in through the load balancer; returns each one's cookies (session and node). */
    private static List<String> logIn(Cluster cluster, int first, int count) {
        List<String> cookies = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            Browser browser = new Browser();
            Browser.Page form = browser.get(cluster.url() + "/login");
            Browser.Page account = browser.submit(form.form("form#kc-form-login"),
                    Map.of("username", "bench" + i + "@example.com", "password", PASSWORD));
            if (account.status() != 200 || !account.uri().getPath().equals("/account")) {
                throw new IllegalStateException("Login of bench" + i + " ended on " + account.uri() + " with "
                        + account.status());
            }
            cookies.add(browser.cookieHeader(cluster.url() + "/account"));
        }
        System.out.println("Logged in " + count + " users: " + cookies.stream()
                .collect(Collectors.groupingBy(c -> c.replaceAll(".*SRV=([^;]*).*", "$1"), Collectors.counting())));
        return cookies;
    }

    /** Runs wrk on /account with the users' cookies in turn; returns its requests per second. */
    private static double wrk(Cluster cluster, List<String> cookies, Duration duration, String label) {
        try {
            Path script = Files.createTempFile("changebank-wrk", ".lua");
            Files.writeString(script, "local cookies = {"
                    + cookies.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", ")) + "}\n"
                    + "local i = 0\n"
                    + "request = function()\n"
                    + "  i = i % #cookies + 1\n"
                    + "  return wrk.format(\"GET\", \"/account\", {[\"Cookie\"] = cookies[i]})\n"
                    + "end\n"
                    // A redirect (a lost session) is cheap and not counted by wrk: only a 200 is a page served.
                    + "local threads = {}\n"
                    + "setup = function(thread) table.insert(threads, thread) end\n"
                    + "not200 = 0\n"
                    + "response = function(status) if status ~= 200 then not200 = not200 + 1 end end\n"
                    + "done = function()\n"
                    + "  local n = 0\n"
                    + "  for _, t in ipairs(threads) do n = n + t:get(\"not200\") end\n"
                    + "  io.write(\"Answers other than 200: \" .. n .. \"\\n\")\n"
                    + "end\n");
            Process wrk = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + duration.toSeconds() + "s", "-s",
                    script.toString(), cluster.url() + "/account").redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor();
            Files.delete(script);
            System.out.println("wrk, " + label + ":\n" + output);
            if (!output.contains("Answers other than 200: 0\n")) {
                throw new IllegalStateException("Some answers were not 200: the measure is void");
            }
            Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
            if (!rate.find()) {
                throw new IllegalStateException("No rate in wrk's output");
            }
            return Double.parseDouble(rate.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("wrk (apt-get install wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void close(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("Could not stop " + server + ": " + e.getMessage());
        }
    }
}

package com.changebank.tools.bench;

import com.changebank.tools.bench.Wrk.Run;
import com.changebank.tools.bench.Wrk.Session;
import com.changebank.tools.bench.Wrk.Target;
import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.FreePort;
import com.changebank.support.Keycloak;
import com.changebank.tools.LoneInstance;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code ./mvnw -Pbench}: how fast ChangeBank is, next to what its server can do at best, in one run.
 * <ol>
 * <li>Start-up: the uber-jar started as built and with options (no Hazelcast, C1 only, AOT cache), to its first
 * served page.</li>
 * <li>With {@code -Dbench.payara6}, all of it also for the Payara Micro 6 uber-jar, the load rounds of both
 * servers interleaved, so that one run compares them; with {@code -Dbench.plain}, the same for the uber-jar at the
 * JVM's defaults (plain {@code java -jar}); with {@code -Dbench.compare=JAR}, the same for another uber-jar, such as
 * one built from an earlier commit, to measure a change before and after in one run; with {@code -Dbench.wildfly},
 * the load (not the start-up attempts) for the same WAR on WildFly, as docs/servers.md runs it.</li>
 * <li>Keycloak (its access log counting the provider's requests), and the uber-jar, with {@link LoneInstance}'s
 * options, with a second, benchmark-only WAR beside it: one JSP line at {@code /bench}, the JSP engine's ceiling
 * without MVC or security.</li>
 * <li>{@code bench.users} logins through Keycloak's form, timed.</li>
 * <li>wrk on 127.0.0.1, 16 connections: a static file, the bench JSP, {@code /} anonymous, {@code /account} and
 * {@code POST /make-change} logged in, in {@value #ROUNDS} interleaved rounds after a warm-up.</li>
 * <li>On each server with the lone-instance options, a burst of {@code /login} clicks and a flood of anonymous
 * requests to a protected page ({@link AnonymousLoad}), for {@code bench.flood.seconds} (default 1.5 times
 * {@code bench.seconds}: 45 s, and 4 s in CI's smoke).</li>
 * </ol>
 * Results go to {@code target/bench/results.md} and {@code results.svg}. {@code -Dbench.seconds} is the load per
 * page (default 30), {@code -Dbench.users} the logins (default 32). It fails on any error under load, any
 * request to the provider during the load, or a bound of {@link AnonymousLoad} broken.
 */
public final class Benchmark {

    static final Path OUT = Path.of("target", "bench");
    static final int CONNECTIONS = 16;
    static final int ROUNDS = 3;
    /** The Payara Micro 7 uber-jar of the build, and the Payara Micro 6 one that {@code -Dbench.payara6} adds. */
    private static final Setup PAYARA_7 = new Setup("Payara Micro " + System.getProperty("payara7.version", "7"),
            "target/changebank-micro.jar", LoneInstance.JVM, LoneInstance.PAYARA);
    private static final Setup PAYARA_6 = new Setup("Payara Micro " + System.getProperty("payara6.version", "6"),
            "target/changebank-micro-payara6.jar", LoneInstance.JVM, LoneInstance.PAYARA);
    /** WildFly, from {@code wildfly.home}, as docs/servers.md starts it. */
    private static final Setup WILDFLY = new Setup("WildFly " + System.getProperty("wildfly.version", ""), null,
            List.of(), List.of());
    /** The same uber-jar at the JVM's defaults; without clustering only so that it does not join the other. */
    private static final Setup PLAIN = new Setup(PAYARA_7.name() + ", plain java -jar", PAYARA_7.jar(), List.of(),
            List.of("--nocluster"));
    private static final String EMAIL = "richard@example.com";
    private static final String PASSWORD = "password";
    private static final int WARM_UP_LOGINS = 3;
    /** One line, no session: what the JSP engine does at best. */
    private static final String MINIMAL_JSP = "<%@ page contentType=\"text/html;charset=UTF-8\" session=\"false\" %>"
            + "<!DOCTYPE html><title>bench</title><p>${pageContext.request.method}</p>\n";

    /** A server measured: its name, its uber-jar, and the options it runs with under load. */
    record Setup(String name, String jar, List<String> jvm, List<String> payara) {

        /** WildFly has no uber-jar: it is started from its folder, the WARs in its deployments. */
        boolean isWildFly() {
            return jar == null;
        }
    }

    /** One start of the uber-jar: its command, the time to its first page and the CPU it used until then. */
    record Startup(String attempt, List<String> command, Duration firstPage, Duration cpu) {
    }

    /** One login from {@code /login} to the account page: all its requests, and those to ChangeBank. */
    record Login(Duration total, Duration inChangeBank) {
    }

    /** A page under load and its runs, one per round. */
    record Endpoint(Target target, List<String> command, List<Run> runs) {

        double throughput() {
            return median(runs.stream().map(Run::throughput).toList());
        }

        double p50() {
            return median(runs.stream().map(Run::p50).toList());
        }

        double p99() {
            return median(runs.stream().map(Run::p99).toList());
        }

        double cpuMicrosPerRequest() {
            return median(runs.stream().map(Run::cpuMicrosPerRequest).toList());
        }

        long errors() {
            return runs.stream().mapToLong(Run::errors).sum();
        }
    }

    private static final List<AutoCloseable> RUNNING = new CopyOnWriteArrayList<>();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 30);
        int users = Integer.getInteger("bench.users", 32);
        List<Setup> runtimes = new ArrayList<>(List.of(PAYARA_7));
        if (Boolean.getBoolean("bench.payara6")) {
            runtimes.add(PAYARA_6);
        }
        if (Boolean.getBoolean("bench.plain")) {
            runtimes.add(PLAIN);
        }
        if (Boolean.getBoolean("bench.wildfly")) {
            runtimes.add(WILDFLY);
        }
        String compared = System.getProperty("bench.compare");
        if (compared != null) {
            runtimes.add(new Setup("compared: " + compared, compared, LoneInstance.JVM, LoneInstance.PAYARA));
        }
        Wrk.requireInstalled();
        Files.createDirectories(OUT);
        Runtime.getRuntime().addShutdownHook(new Thread(Benchmark::stopAll));
        String loadBefore = loadAverage();

        Map<Setup, List<Startup>> startups = new LinkedHashMap<>();
        for (Setup runtime : runtimes) {
            // The plain server is the same uber-jar: its start-ups are the first server's. WildFly's one start is the
            // one for the load.
            if (!runtime.isWildFly()) {
                startups.put(runtime, runtime == PLAIN ? startups.get(PAYARA_7) : startups(runtime));
            }
        }

        System.out.println("Starting Keycloak...");
        int firstPort = FreePort.find();
        Keycloak keycloak = Keycloak.start(Path.of(System.getProperty("keycloak.home")), FreePort.find(),
                "http://localhost:" + firstPort, System.out::println, "--http-access-log-enabled=true");
        RUNNING.add(keycloak);
        // The sessions must outlive the whole run: an expired token would be refreshed during the load, and the load
        // measures page views, not the provider.
        keycloak.tokenLifespan(Duration.ofHours(2));
        int roundSeconds = Math.max(1, seconds / ROUNDS);
        List<Measured> measured = new ArrayList<>();
        for (Setup runtime : runtimes) {
            int port = measured.isEmpty() ? firstPort : FreePort.find();
            keycloak.allowApp("http://localhost:" + port);
            Measured server = underLoad(runtime, port, keycloak, users, roundSeconds);
            measured.add(server);
            if (runtime.isWildFly()) {
                startups.put(runtime, List.of(new Startup("standalone.sh, ChangeBank and bench.war deployed",
                        server.server().command(), server.server().firstPage(), server.server().cpu())));
            }
        }

        // Two rounds' worth: on two busy cores, the JIT compiler is still at work after one.
        int warmUpSeconds = 2 * roundSeconds;
        for (Measured server : measured) {
            for (Endpoint endpoint : server.endpoints()) {
                System.out.println(server.runtime().name() + ": warming up " + endpoint.target().method() + " "
                        + endpoint.target().path() + " for " + warmUpSeconds + " s");
                server.wrk().run(endpoint.target(), warmUpSeconds, server.server().jvm());
            }
        }
        long providerBeforeLoad = providerRequests(keycloak);
        for (int round = 1; round <= ROUNDS; round++) {
            for (Measured server : measured) {
                for (Endpoint endpoint : server.endpoints()) {
                    Run run = server.wrk().run(endpoint.target(), roundSeconds, server.server().jvm());
                    endpoint.runs().add(run);
                    System.out.printf("Round %d %s %s %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors, %.0f µs CPU%n",
                            round, server.runtime().name(), endpoint.target().method(), endpoint.target().path(),
                            run.throughput(), run.p50(), run.p99(), run.errors(), run.cpuMicrosPerRequest());
                }
            }
        }
        long providerDuringLoad = providerRequests(keycloak) - providerBeforeLoad;

        List<Report> reports = new ArrayList<>();
        for (Measured server : measured) {
            reports.add(new Report(server.runtime().name(), startups.get(server.runtime()), server.logins(),
                    server.providerDuringLogins(), server.endpoints(), providerDuringLoad, server.server().rssKilobytes(),
                    stillLoggedIn(server.app(), server.sessions().get(0))));
        }
        // After the pages' figures: the flood leaves a server's heap full of sessions (the compared jar's, maybe dead).
        int floodSeconds = Integer.getInteger("bench.flood.seconds", seconds * 3 / 2);
        List<AnonymousLoad.Figures> anonymous = new ArrayList<>();
        for (Measured server : measured) {
            if (server.runtime().jvm().equals(LoneInstance.JVM)) {
                int port = URI.create(server.app()).getPort();
                anonymous.add(AnonymousLoad.measure(server.runtime().name(), port, server.server().jvm(),
                        payaraLog(port), server.wrk().dir(), floodSeconds, () -> providerRequests(keycloak)));
            }
        }
        String markdown = Report.markdown(command(), machine(loadBefore), reports) + "\n"
                + AnonymousLoad.markdown(anonymous, floodSeconds);
        Files.writeString(OUT.resolve("results.md"), markdown);
        Files.writeString(OUT.resolve("results.svg"), reports.get(0).svg(command(), machine(loadBefore)));
        System.out.println();
        System.out.println(markdown);
        System.out.println("Written: " + OUT.resolve("results.md") + ", " + OUT.resolve("results.svg"));
        stopAll();
        List<String> problems = new ArrayList<>();
        if (providerDuringLoad > 0) {
            problems.add(providerDuringLoad + " requests to the provider during the load");
        }
        reports.forEach(report -> problems.addAll(report.failures()));
        anonymous.forEach(figures -> problems.addAll(figures.failures()));
        if (!problems.isEmpty()) {
            System.err.println("Benchmark failed: " + String.join("; ", problems));
            System.exit(1);
        }
    }

    /** A server started for the load, with its logged-in users and the pages to load it with. */
    record Measured(Setup runtime, Server server, String app, Wrk wrk, List<Session> sessions, List<Login> logins,
            long providerDuringLogins, List<Endpoint> endpoints) {
    }

    /**
     * Starts {@code runtime}'s uber-jar with a second, benchmark-only WAR beside it, logs {@code users} users in
     * (after a few warm-up logins) and prepares the pages of the load.
     */
    private static Measured underLoad(Setup runtime, int port, Keycloak keycloak, int users, int roundSeconds)
            throws IOException, InterruptedException {
        String app = "http://localhost:" + port + "/";
        Server server;
        if (runtime.isWildFly()) {
            server = Server.startWildFly(runtime, benchWar(), keycloak.issuer(), port,
                    OUT.resolve("wildfly-" + port + ".log"));
        } else {
            List<String> payaraOptions = new ArrayList<>(runtime.payara());
            payaraOptions.addAll(List.of("--deploy", benchWar().toString()));
            server = Server.start(runtime, "under load", runtime.jvm(), payaraOptions, keycloak.issuer(), port,
                    payaraLog(port));
        }
        RUNNING.add(0, server);
        System.out.println(runtime.name() + " with bench.war served its first page after " + seconds(server.firstPage())
                + " s");
        long providerBefore = providerRequests(keycloak);
        List<Login> logins = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < WARM_UP_LOGINS + users; i++) {
            Session session = logIn(app, port, logins, i >= WARM_UP_LOGINS);
            if (i >= WARM_UP_LOGINS) {
                sessions.add(session);
            }
        }
        long providerDuringLogins = providerRequests(keycloak) - providerBefore;
        System.out.println(users + " logins, " + providerDuringLogins + " requests to Keycloak");

        // A folder per server: the scripts carry that server's session cookies and CSRF tokens.
        Wrk wrk = new Wrk(Files.createDirectories(OUT.resolve("wrk-" + port)), "http://127.0.0.1:" + port, CONNECTIONS);
        List<Target> targets = List.of(
                new Target("static", "static asset (server's ceiling)", "GET", "/static/logo.svg", "", List.of()),
                new Target("jsp", "one-line JSP, no security (framework's ceiling)", "GET", "/bench/index.jsp", "",
                        List.of()),
                new Target("home", "home page, anonymous", "GET", "/", "", List.of()),
                new Target("account", "account page, logged in", "GET", "/account", "", sessions),
                new Target("make-change", "make change, logged in", "POST", "/make-change", "amount=12.34", sessions));
        List<Endpoint> endpoints = new ArrayList<>();
        for (Target target : targets) {
            wrk.script(target);
            endpoints.add(new Endpoint(target, wrk.command(target, roundSeconds), new ArrayList<>()));
        }
        return new Measured(runtime, server, app, wrk, sessions, logins, providerDuringLogins, endpoints);
    }

    /** A way to start the uber-jar: JVM options, then Payara Micro options. */
    record Attempt(String name, List<String> jvm, List<String> payara) {
    }

    /**
     * The uber-jar as built, then with options: without Hazelcast, with {@link LoneInstance}'s, and with those and
     * Java's AOT cache (JDK 25+), as the Docker image starts; each of the last two also with C1 only. A training run
     * ({@code --warmup}: Payara Micro deploys, then exits) writes the cache at its exit, the next start maps it. A
     * fixed unpack directory keeps the runtime's jars at the paths the cache recorded (Payara Micro unpacks them on
     * every start, by default to a new temporary directory).
     */
    private static List<Startup> startups(Setup runtime) throws IOException, InterruptedException {
        String files = runtime.name().replaceAll("[^A-Za-z0-9.]+", "-");
        List<Attempt> attempts = new ArrayList<>(List.of(
                new Attempt("as built", List.of(), List.of()),
                new Attempt("no Hazelcast", List.of(), List.of("--nohazelcast")),
                new Attempt("lone-instance options", LoneInstance.JVM, LoneInstance.PAYARA),
                new Attempt("lone-instance options, C1 only", withC1Only(LoneInstance.JVM), LoneInstance.PAYARA)));
        if (Runtime.version().feature() >= 25) {
            Path cache = OUT.resolve(files + ".aot");
            List<String> payara = new ArrayList<>(LoneInstance.PAYARA);
            payara.addAll(List.of("--unpackdir", OUT.resolve(files + "-runtime").toString()));
            if (train(runtime, cache, payara, OUT.resolve(files + "-aot-training.log"))) {
                List<String> jvm = new ArrayList<>(LoneInstance.JVM);
                jvm.add("-XX:AOTCache=" + cache);
                attempts.add(new Attempt("lone-instance options, AOT cache", jvm, payara));
                attempts.add(new Attempt("lone-instance options, AOT cache, C1 only", withC1Only(jvm), payara));
            }
        }
        List<Startup> startups = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            Attempt attempt = attempts.get(i);
            System.out.println(runtime.name() + ", start-up, " + attempt.name() + "...");
            // Nothing listens at this issuer: ChangeBank starts without its provider.
            try (Server server = Server.start(runtime, attempt.name(), attempt.jvm(), attempt.payara(),
                    "http://localhost:1", FreePort.find(), OUT.resolve(files + "-startup-" + (i + 1) + ".log"))) {
                startups.add(new Startup(attempt.name(), server.command(), server.firstPage(), server.cpu()));
                System.out.println("  first page after " + seconds(server.firstPage()) + " s, CPU "
                        + seconds(server.cpu()) + " s");
            }
        }
        return startups;
    }

    private static List<String> withC1Only(List<String> jvm) {
        List<String> options = new ArrayList<>(jvm);
        options.add(LoneInstance.C1_ONLY);
        return options;
    }

    /** {@code java JVM_OPTIONS -jar UBER_JAR ARGUMENTS PAYARA_OPTIONS}, with the JDK that runs the benchmark. */
    private static List<String> uberJar(Setup runtime, List<String> jvm, List<String> arguments, List<String> payara) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-jar", runtime.jar()));
        command.addAll(arguments);
        command.addAll(payara);
        return command;
    }

    /** The AOT cache's training run: deploys ChangeBank without serving, and writes the cache as it exits. */
    private static boolean train(Setup runtime, Path cache, List<String> payara, Path log)
            throws IOException, InterruptedException {
        Files.deleteIfExists(cache);
        List<String> jvm = new ArrayList<>(LoneInstance.JVM);
        jvm.add("-XX:AOTCacheOutput=" + cache);
        List<String> command = uberJar(runtime, jvm, List.of("--warmup"), payara);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ISSUER", "http://localhost:1");
        System.out.println(runtime.name() + ", AOT cache training run...");
        Instant start = Instant.now();
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        boolean written = process.exitValue() == 0 && Files.exists(cache);
        System.out.println("  " + (written ? "cache written" : "no cache, see " + log) + " after "
                + seconds(Duration.between(start, Instant.now())) + " s");
        return written;
    }

    /** Logs a new user in through Keycloak's form, then reads the CSRF token of the make-change form. */
    private static Session logIn(String app, int appPort, List<Login> logins, boolean counted) {
        Duration[] total = {Duration.ZERO};
        Duration[] inChangeBank = {Duration.ZERO};
        Browser browser = new Browser((uri, time) -> {
            total[0] = total[0].plus(time);
            if (uri.getPort() == appPort) {
                inChangeBank[0] = inChangeBank[0].plus(time);
            }
        });
        Page form = browser.get(app + "login");
        Page account = browser.submit(form.form("form#kc-form-login"), Map.of("username", EMAIL, "password", PASSWORD));
        if (account.status() != 200 || !account.uri().toString().equals(app + "account")) {
            throw new IllegalStateException("Login failed: " + account.status() + " at " + account.uri());
        }
        if (counted) {
            logins.add(new Login(total[0], inChangeBank[0]));
        }
        String csrf = browser.get(app + "make-change").document().selectFirst("input[name=_csrf]").val();
        return new Session(browser.cookie("localhost", "JSESSIONID"), csrf);
    }

    private static boolean stillLoggedIn(String app, Session session) throws IOException, InterruptedException {
        HttpRequest account = HttpRequest.newBuilder(URI.create(app + "account"))
                .header("Cookie", "JSESSIONID=" + session.cookie()).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(account, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains(EMAIL);
    }

    /** Requests Keycloak answered so far: the lines of its access log. */
    private static long providerRequests(Keycloak keycloak) {
        try (Stream<String> lines = Files.lines(keycloak.log(), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains("http.access-log]")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log of the server under load on {@code port}. */
    private static Path payaraLog(int port) {
        return OUT.resolve("payara-micro-" + port + ".log");
    }

    /** A WAR of one JSP, deployed by Payara Micro at /bench beside ChangeBank. */
    private static Path benchWar() throws IOException {
        Path war = OUT.resolve("bench.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("index.jsp"));
            zip.write(MINIMAL_JSP.getBytes(StandardCharsets.UTF_8));
        }
        return war;
    }

    private static String command() {
        StringBuilder command = new StringBuilder("./mvnw -Pbench");
        for (String property : List.of("bench.seconds", "bench.users", "bench.flood.seconds", "bench.payara6",
                "bench.plain", "bench.wildfly", "bench.compare")) {
            if (System.getProperty(property) != null) {
                command.append(" -D").append(property).append('=').append(System.getProperty(property));
            }
        }
        return command.toString();
    }

    private static String machine(String loadBefore) {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException | UncheckedIOException unknown) {
            // Not Linux: the model stays unknown.
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), Java "
                + System.getProperty("java.version") + "; load average before " + loadBefore + ", after "
                + loadAverage();
    }

    private static String loadAverage() {
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return load[0] + " " + load[1] + " " + load[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    static String seconds(Duration duration) {
        return String.format("%.1f", duration.toMillis() / 1000.0);
    }

    private static void stopAll() {
        for (AutoCloseable running : RUNNING) {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + running + ": " + e.getMessage());
            }
        }
        RUNNING.clear();
    }

    /**
     * ChangeBank's server in a process of its own, with the time it took to serve {@code /}; {@code jvm} is the
     * process whose CPU and memory are measured (WildFly's script starts its JVM as a child).
     */
    record Server(Process process, ProcessHandle jvm, List<String> command, Duration firstPage, Path deployments)
            implements AutoCloseable {

        static Server start(Setup runtime, String name, List<String> jvmOptions, List<String> payaraOptions,
                String issuer, int port, Path log) {
            List<String> command = uberJar(runtime, jvmOptions, List.of("--port", String.valueOf(port)), payaraOptions);
            return start(runtime.name() + " (" + name + ")", command, issuer, port, log, null);
        }

        /**
         * WildFly from {@code wildfly.home}, configured by the CLI script of docs/servers.md (safe to run again), with ChangeBank
         * and the benchmark's WAR in its deployments folder, its other ports free ones.
         */
        static Server startWildFly(Setup runtime, Path war, String issuer, int port, Path log)
                throws IOException, InterruptedException {
            Path home = Path.of(System.getProperty("wildfly.home"));
            Process cli = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(),
                    "--file=server-config/wildfly/changebank.cli").redirectErrorStream(true)
                    .redirectOutput(OUT.resolve("wildfly-cli.log").toFile()).start();
            if (cli.waitFor() != 0) {
                throw new IllegalStateException("WildFly's configuration failed; see " + OUT.resolve("wildfly-cli.log"));
            }
            Path deployments = home.resolve("standalone/deployments");
            undeploy(deployments);
            Files.copy(Path.of("target/ROOT.war"), deployments.resolve("ROOT.war"));
            Files.copy(war, deployments.resolve("bench.war"));
            List<String> command = List.of(home.resolve("bin/standalone.sh").toString(), "--stability=preview",
                    "-Djboss.bind.address=127.0.0.1", "-Djboss.http.port=" + port,
                    "-Djboss.https.port=" + FreePort.find(), "-Djboss.management.http.port=" + FreePort.find(),
                    "-Djboss.management.https.port=" + FreePort.find());
            return start(runtime.name(), command, issuer, port, log, deployments);
        }

        /** Empties WildFly's deployments folder of WARs and their markers, which the tests' WildFly must not find. */
        private static void undeploy(Path deployments) throws IOException {
            try (Stream<Path> files = Files.list(deployments)) {
                for (Path file : files.filter(f -> f.getFileName().toString().contains(".war")).toList()) {
                    Files.delete(file);
                }
            }
        }

        private static Server start(String name, List<String> command, String issuer, int port, Path log,
                Path deployments) {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("ISSUER", issuer);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest home = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(10)).build();
            try {
                Instant start = Instant.now();
                Process process = builder.start();
                while (process.isAlive() && Duration.between(start, Instant.now()).toMinutes() < 5) {
                    try {
                        if (http.send(home, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            return new Server(process, jvm(process), command, Duration.between(start, Instant.now()),
                                    deployments);
                        }
                    } catch (IOException notYet) {
                        // Not listening yet.
                    }
                    Thread.sleep(50);
                }
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("ChangeBank on " + name + " did not start; see " + log);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + command, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The process itself when it is Java, else its Java child. */
        private static ProcessHandle jvm(Process process) {
            return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .findFirst().orElse(process.toHandle());
        }

        Duration cpu() {
            return jvm.info().totalCpuDuration().orElse(Duration.ZERO);
        }

        /** The resident set size, from Linux's /proc; 0 elsewhere. */
        long rssKilobytes() {
            try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(jvm.pid()), "status"))) {
                return lines.filter(line -> line.startsWith("VmRSS:")).findFirst()
                        .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).orElse(0L);
            } catch (IOException | UncheckedIOException notLinux) {
                return 0;
            }
        }

        @Override
        public void close() {
            // A clean exit: the AOT cache training run writes its cache then.
            jvm.destroy();
            process.destroy();
            try {
                jvm.onExit().get(2, TimeUnit.MINUTES);
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                jvm.destroyForcibly();
                process.destroyForcibly();
            }
            if (deployments != null) {
                try {
                    undeploy(deployments);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}

package com.changebank.tools.bench;

import com.changebank.support.ServerProcess;
import com.changebank.tools.bench.Wrk.Run;
import com.changebank.tools.bench.Wrk.Target;
import java.io.IOException;
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
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * What anyone can do without logging in, and what it must not cost:
 * <ul>
 * <li>A flood: one client sends cookie-less {@code GET /account} with an 8,000-character query for
 * {@code bench.flood.seconds}. Each request opens a login's session. The home page, asked by another client every
 * second during the flood and for a few seconds after, must answer within {@value #HOME_WORST_MS} ms; the server's
 * log must have no OutOfMemoryError; and its live heap after a full GC must grow by less than
 * {@value #HEAP_GROWTH_MB} MB (a third of the lone instance's 160 MB heap, which holds about 70 MB live).</li>
 * <li>A burst: {@value #BURST} {@code /login} clicks, {@value #BURST_CONNECTIONS} at a time, must make at most
 * {@value #BURST_PROVIDER_REQUESTS} requests at the provider (each click checks that it answers).</li>
 * </ul>
 */
final class AnonymousLoad {

    static final long HOME_WORST_MS = 2_000;
    static final long HEAP_GROWTH_MB = 48;
    static final int BURST = 1_000;
    static final int BURST_CONNECTIONS = 100;
    static final long BURST_PROVIDER_REQUESTS = 5;
    /**
     * About 8 KB, so that the request's head stays within Payara's 8 KB header buffer: a longer one is refused with
     * 400 before any session is opened.
     */
    private static final int PAD = 8_000;
    private static final Duration HOME_AFTER = Duration.ofSeconds(3);
    private static final Duration HOME_TIMEOUT = Duration.ofSeconds(30);

    /** The flood's figures; {@code heapAfterMb} is -1 when the server could no longer be read. */
    record Flood(Run run, long homeWorstDuringMs, long homeWorstAfterMs, boolean outOfMemory, long heapBeforeMb,
            long heapAfterMb) {

        long heapGrowthMb() {
            return heapAfterMb < 0 ? Long.MAX_VALUE : heapAfterMb - heapBeforeMb;
        }
    }

    /** The burst's figures: clicks answered with the redirect to the account page, and the provider's requests. */
    record Burst(long redirected, long providerRequests, Duration took) {
    }

    /** One server's figures. */
    record Figures(String server, Flood flood, Burst burst) {

        List<String> failures() {
            List<String> failures = new ArrayList<>();
            if (Math.max(flood.homeWorstDuringMs(), flood.homeWorstAfterMs()) > HOME_WORST_MS) {
                failures.add(server + ": the home page took " + Math.max(flood.homeWorstDuringMs(),
                        flood.homeWorstAfterMs()) + " ms during or after the flood (at most " + HOME_WORST_MS + ")");
            }
            if (flood.run().errors() > 0) {
                failures.add(server + ": " + flood.run().errors() + " answers in the flood were not the redirect to"
                        + " the provider, so not each opened a login's session");
            }
            if (flood.outOfMemory()) {
                failures.add(server + ": OutOfMemoryError in the server's log during the flood");
            }
            if (flood.heapGrowthMb() >= HEAP_GROWTH_MB) {
                failures.add(server + ": the live heap grew " + (flood.heapAfterMb() < 0 ? "beyond reading"
                        : flood.heapGrowthMb() + " MB") + " in the flood (less than " + HEAP_GROWTH_MB + ")");
            }
            if (burst.providerRequests() > BURST_PROVIDER_REQUESTS) {
                failures.add(server + ": " + burst.providerRequests() + " requests to the provider for " + BURST
                        + " clicks on /login (at most " + BURST_PROVIDER_REQUESTS + ")");
            }
            if (burst.redirected() < BURST) {
                failures.add(server + ": " + (BURST - burst.redirected()) + " of " + BURST
                        + " clicks on /login not sent on to the account page");
            }
            return failures;
        }
    }

    private AnonymousLoad() {
    }

    /** The burst, then the flood (which may leave the server short of memory), on the server at {@code port}. */
    static Figures measure(String server, int port, ProcessHandle jvm, Path log, Path wrkDir, int floodSeconds,
            LongSupplier providerRequests) throws IOException, InterruptedException {
        Burst burst = burst(port, providerRequests);
        System.out.printf("%s: %d clicks on /login, %d requests to the provider%n", server, BURST,
                burst.providerRequests());
        Flood flood = flood(port, jvm, log, wrkDir, floodSeconds);
        System.out.printf("%s: flood of %d requests, home page at worst %d ms during, %d ms after, OOM %s, heap %d -> %d MB%n",
                server, flood.run().requests(), flood.homeWorstDuringMs(), flood.homeWorstAfterMs(),
                flood.outOfMemory() ? "yes" : "no", flood.heapBeforeMb(), flood.heapAfterMb());
        return new Figures(server, flood, burst);
    }

    private static Burst burst(int port, LongSupplier providerRequests) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest login = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .timeout(HOME_TIMEOUT).build();
        // The remembered answer of an earlier click must not hide the burst's own requests.
        Thread.sleep(5_000);
        long before = providerRequests.getAsLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(BURST_CONNECTIONS);
        List<Future<Boolean>> clicks = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            clicks.add(clients.submit(() -> {
                start.await();
                HttpResponse<Void> answer = http.send(login, HttpResponse.BodyHandlers.discarding());
                return answer.statusCode() / 100 == 3
                        && answer.headers().firstValue("Location").orElse("").endsWith("/account");
            }));
        }
        Instant begun = Instant.now();
        start.countDown();
        long redirected = 0;
        for (Future<Boolean> click : clicks) {
            try {
                redirected += click.get() ? 1 : 0;
            } catch (ExecutionException failed) {
                // Counted as not redirected.
            }
        }
        Duration took = Duration.between(begun, Instant.now());
        clients.shutdown();
        // Keycloak writes its access log a moment after it answers.
        Thread.sleep(1_000);
        return new Burst(redirected, providerRequests.getAsLong() - before, took);
    }

    private static Flood flood(int port, ProcessHandle jvm, Path log, Path wrkDir, int seconds) throws IOException, InterruptedException {
        long heapBefore;
        try (ServerProcess process = ServerProcess.listeningOn(port)) {
            heapBefore = process.usage().heapBytes() >> 20;
        }
        Wrk wrk = new Wrk(wrkDir, "http://127.0.0.1:" + port, 1);
        Target target = new Target("flood", "cookie-less account page with an 8 KB query", "GET",
                "/account?pad=" + "x".repeat(PAD), "", List.of(), 302);
        wrk.script(target);
        long[] worst = new long[2];
        AtomicBoolean flooding = new AtomicBoolean(true);
        Thread home = new Thread(() -> probeHome(port, flooding, worst), "home-page-probe");
        home.start();
        Run run;
        try {
            run = wrk.run(target, seconds, jvm);
        } finally {
            flooding.set(false);
            home.join();
        }
        boolean outOfMemory = Files.readString(log).contains("OutOfMemoryError");
        long heapAfter;
        try (ServerProcess process = ServerProcess.listeningOn(port)) {
            heapAfter = process.usage().heapBytes() >> 20;
        } catch (RuntimeException unreadable) {
            heapAfter = -1;
        }
        return new Flood(run, worst[0], worst[1], outOfMemory, heapBefore, heapAfter);
    }

    /**
     * Asks for {@code /} every second while {@code flooding}, then for {@link #HOME_AFTER}: the slowest answer
     * during the flood in {@code worst[0]}, after it in {@code worst[1]}; no answer counts as the time waited.
     */
    private static void probeHome(int port, AtomicBoolean flooding, long[] worst) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest home = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(HOME_TIMEOUT)
                .build();
        Instant end = null;
        while (end == null || Instant.now().isBefore(end)) {
            boolean during = flooding.get();
            Instant asked = Instant.now();
            long ms;
            try {
                int status = http.send(home, HttpResponse.BodyHandlers.discarding()).statusCode();
                ms = status == 200 ? Duration.between(asked, Instant.now()).toMillis() : HOME_TIMEOUT.toMillis();
            } catch (IOException noAnswer) {
                ms = Duration.between(asked, Instant.now()).toMillis();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int slot = during ? 0 : 1;
            worst[slot] = Math.max(worst[slot], ms);
            if (end == null && !flooding.get()) {
                end = Instant.now().plus(HOME_AFTER);
            }
            try {
                Thread.sleep(Math.max(0, 1_000 - Duration.between(asked, Instant.now()).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The section of results.md: every server's flood and burst, with the bounds. */
    static String markdown(List<Figures> figures, int floodSeconds) {
        StringBuilder md = new StringBuilder("## Anonymous flood and login burst\n\n")
                .append("Flood: ").append(floodSeconds).append(" s of one client (`wrk -t1 -c1`) sending cookie-less ")
                .append("`GET /account?pad=` + ").append(String.format(Locale.ROOT, "%,d", PAD))
                .append(" × `x`, the lone-instance options; the home page asked every second by another client, during ")
                .append("the flood and ").append(HOME_AFTER.toSeconds()).append(" s after. Heap: live after full GCs")
                .append(" (attach API), before and after. Burst: ").append(String.format(Locale.ROOT, "%,d", BURST))
                .append(" `GET /login`, ").append(BURST_CONNECTIONS).append(" at a time, after 5 s without one.\n\n")
                .append("| server | flood requests | answers not 302 | home worst during ms | home worst after ms | OOM")
                .append(" | heap before MB | heap growth MB | burst redirected | provider requests in the burst | burst s |\n")
                .append("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (Figures f : figures) {
            Flood flood = f.flood();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %s | %d | %s | %,d | %,d | %.1f |%n",
                    f.server(), flood.run().requests(), flood.run().errors(), flood.homeWorstDuringMs(),
                    flood.homeWorstAfterMs(), flood.outOfMemory() ? "yes" : "no", flood.heapBeforeMb(),
                    flood.heapAfterMb() < 0 ? "unreadable" : String.valueOf(flood.heapGrowthMb()),
                    f.burst().redirected(), f.burst().providerRequests(), f.burst().took().toMillis() / 1000.0));
        }
        md.append("\nBounds: home page within ").append(HOME_WORST_MS).append(" ms, no OutOfMemoryError, heap growth")
                .append(" under ").append(HEAP_GROWTH_MB).append(" MB, at most ").append(BURST_PROVIDER_REQUESTS)
                .append(" provider requests in the burst.\n");
        figures.forEach(f -> {
            List<String> failures = f.failures();
            md.append("- ").append(failures.isEmpty() ? f.server() + ": all met" : "broken: " + String.join("; ", failures))
                    .append('\n');
        });
        return md.toString();
    }
}

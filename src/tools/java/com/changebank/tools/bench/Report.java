package com.changebank.tools.bench;

import com.changebank.tools.bench.Benchmark.Endpoint;
import com.changebank.tools.bench.Benchmark.Login;
import com.changebank.tools.bench.Benchmark.Startup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One server's results as Markdown tables and an SVG chart, and the Markdown of a whole run (one or more servers,
 * with a table comparing them); every figure names the command behind it.
 */
final class Report {

    private static final double FIRST_PAGE_TARGET_SECONDS = 4;
    /** A page may cost at most this many times the static file's server CPU. */
    private static final double CPU_TARGET_TIMES_STATIC = 2;
    private static final long RSS_TARGET_MB = 400;
    private static final double P99_TARGET_MS = 20;

    private final String server;
    private final String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    private final List<Startup> startups;
    private final List<Login> logins;
    private final long providerDuringLogins;
    private final List<Endpoint> endpoints;
    private final long providerDuringLoad;
    private final long rssKilobytes;
    private final boolean stillLoggedIn;

    Report(String server, List<Startup> startups, List<Login> logins, long providerDuringLogins,
            List<Endpoint> endpoints, long providerDuringLoad, long rssKilobytes, boolean stillLoggedIn) {
        this.server = server;
        this.startups = startups;
        this.logins = logins;
        this.providerDuringLogins = providerDuringLogins;
        this.endpoints = endpoints;
        this.providerDuringLoad = providerDuringLoad;
        this.rssKilobytes = rssKilobytes;
        this.stillLoggedIn = stillLoggedIn;
    }

    /**
     * What makes this server's part of the benchmark fail, beyond the targets: errors, sessions lost under load. The
     * provider's requests during the load are the whole run's: the benchmark checks them once.
     */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        endpoints.stream().filter(e -> e.errors() > 0).forEach(e -> failures.add(server + ": " + e.errors()
                + " errors on " + e.target().method() + " " + e.target().path()));
        if (!stillLoggedIn) {
            failures.add(server + ": a session was no longer logged in after the load");
        }
        return failures;
    }

    /** A whole run: how it was measured, the servers side by side when there are several, then each server's tables. */
    static String markdown(String command, String machine, List<Report> reports) {
        StringBuilder md = new StringBuilder();
        md.append("# ChangeBank benchmark\n\n")
                .append("Produced by `").append(command).append("` on ").append(reports.get(0).date).append(".  \n")
                .append("Machine: ").append(machine).append(".  \n")
                .append("Load: wrk, ").append(Wrk.THREADS).append(" threads, ").append(Benchmark.CONNECTIONS)
                .append(" connections, on 127.0.0.1; each page after a warm-up of two rounds, in ").append(Benchmark.ROUNDS)
                .append(" interleaved rounds (of every server measured): the figures are the rounds' medians, the errors")
                .append(" their sum. Server CPU: the CPU time ChangeBank's process used during a round, by request served.\n\n");
        if (reports.size() > 1) {
            md.append("| server | first page, as built, s | start-up CPU s | static µs/req | `/` µs/req | `/account` µs/req")
                    .append(" | `POST /make-change` µs/req | slowest p99 ms | RSS after the load MB |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Report r : reports) {
                Startup asBuilt = r.startups.get(0);
                md.append("| ").append(r.server).append(" | ").append(Benchmark.seconds(asBuilt.firstPage())).append(" | ")
                        .append(Benchmark.seconds(asBuilt.cpu()));
                for (String page : List.of("static", "home", "account", "make-change")) {
                    md.append(" | ").append(String.format(Locale.ROOT, "%,.0f", r.endpoint(page).cpuMicrosPerRequest()));
                }
                md.append(" | ").append(ms(r.endpoints.stream().mapToDouble(Endpoint::p99).max().orElse(0))).append(" | ")
                        .append(r.rssKilobytes / 1024).append(" |\n");
            }
            md.append('\n');
        }
        for (Report r : reports) {
            md.append(r.markdown(command, reports.size() > 1));
        }
        return md.toString();
    }

    private String markdown(String command, boolean headed) {
        StringBuilder md = new StringBuilder();
        if (headed) {
            md.append("## ").append(server).append("\n\n");
        }
        md.append("| page | request | req/s | p50 ms | p99 ms | errors | vs static | server CPU µs/request | command (one round) |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Endpoint e : endpoints) {
            md.append("| ").append(e.target().label()).append(" | `").append(e.target().method()).append(' ')
                    .append(e.target().path()).append("` | ").append(String.format(Locale.ROOT, "%,.0f", e.throughput()))
                    .append(" | ").append(ms(e.p50())).append(" | ").append(ms(e.p99())).append(" | ")
                    .append(e.errors()).append(" | ").append(percent(ratio(e))).append(" | ")
                    .append(String.format(Locale.ROOT, "%,.0f", e.cpuMicrosPerRequest())).append(" | `")
                    .append(String.join(" ", e.command())).append("` |\n");
        }

        String source = "`" + command + "`";
        md.append("\n| figure | value | measured by |\n|---|---|---|\n")
                .append("| login round trip, `/login` to the account page, provider included (").append(logins.size())
                .append(" logins) | p50 ").append(millis(percentile(logins, Login::total, 50))).append(" ms, p99 ")
                .append(millis(percentile(logins, Login::total, 99))).append(" ms | ").append(source)
                .append(", the sum of each login's requests |\n")
                .append("| of which in ChangeBank (its answers, its back-channel token request included) | p50 ")
                .append(millis(percentile(logins, Login::inChangeBank, 50))).append(" ms, p99 ")
                .append(millis(percentile(logins, Login::inChangeBank, 99))).append(" ms | ").append(source).append(" |\n")
                .append("| requests to the provider during the logins | ").append(providerDuringLogins)
                .append(" | ").append(source).append(", Keycloak's access log |\n")
                .append("| requests to the provider during the load | ").append(providerDuringLoad)
                .append(" | ").append(source).append(", Keycloak's access log |\n")
                .append("| ChangeBank's RSS after the load | ").append(rssKilobytes / 1024).append(" MB | ")
                .append(source).append(", `VmRSS` in `/proc/PID/status` |\n");

        md.append("\nStart-up of the uber-jar on ").append(server).append(": from the process start to the first served page (`/`), without the provider.\n\n")
                .append("| attempt | first page s | CPU s | command |\n|---|---:|---:|---|\n");
        for (Startup s : startups) {
            md.append("| ").append(s.attempt()).append(" | ").append(Benchmark.seconds(s.firstPage())).append(" | ")
                    .append(Benchmark.seconds(s.cpu())).append(" | `").append(shell(s.command())).append("` |\n");
        }

        md.append("\n| target | figure | met |\n|---|---|---|\n");
        for (String[] target : targets()) {
            md.append("| ").append(target[0]).append(" | ").append(target[1]).append(" | ").append(target[2]).append(" |\n");
        }
        return md.append('\n').toString();
    }

    private List<String[]> targets() {
        List<String[]> targets = new ArrayList<>();
        double staticCpu = endpoint("static").cpuMicrosPerRequest();
        for (String page : List.of("home", "account", "make-change")) {
            Endpoint e = endpoint(page);
            double times = e.cpuMicrosPerRequest() / staticCpu;
            targets.add(target("`" + e.target().method() + " " + e.target().path() + "` server CPU <= "
                    + (int) CPU_TARGET_TIMES_STATIC + "x the static file's", String.format(Locale.ROOT, "%.1fx (%,.0f µs)",
                    times, e.cpuMicrosPerRequest()), times <= CPU_TARGET_TIMES_STATIC));
        }
        Endpoint slowest = endpoints.stream().max(Comparator.comparingDouble(Endpoint::p99)).orElseThrow();
        targets.add(target("p99 < 20 ms at " + Benchmark.CONNECTIONS + " connections, every page",
                "slowest: " + ms(slowest.p99()) + " ms (" + slowest.target().label() + ")", slowest.p99() < P99_TARGET_MS));
        targets.add(target("no request to the provider on page views", providerDuringLoad + " during the load",
                providerDuringLoad == 0));
        Startup asBuilt = startups.get(0);
        Startup best = startups.stream().min(Comparator.comparing(Startup::firstPage)).orElseThrow();
        targets.add(target("first page < 4 s, uber-jar as built", Benchmark.seconds(asBuilt.firstPage()) + " s",
                asBuilt.firstPage().toMillis() < FIRST_PAGE_TARGET_SECONDS * 1000));
        targets.add(target("first page < 4 s, best attempt", Benchmark.seconds(best.firstPage()) + " s (" + best.attempt() + ")",
                best.firstPage().toMillis() < FIRST_PAGE_TARGET_SECONDS * 1000));
        targets.add(target("RSS after the load < " + RSS_TARGET_MB + " MiB", rssKilobytes / 1024 + " MiB",
                rssKilobytes / 1024 < RSS_TARGET_MB));
        long errors = endpoints.stream().mapToLong(Endpoint::errors).sum();
        targets.add(target("zero errors under load", String.valueOf(errors), errors == 0 && stillLoggedIn));
        return targets;
    }

    /** Two bar charts: throughput by page, first page by start-up attempt. */
    String svg(String command, String machine) {
        int width = 1010;
        int rowHeight = 30;
        int labelWidth = 370;
        int barMax = 330;
        int y = 60;
        StringBuilder svg = new StringBuilder();
        svg.append(text(20, 28, 18, "bold", "ChangeBank benchmark, " + server + ": " + date));
        svg.append(text(20, 48, 12, "normal", "Throughput, " + Benchmark.CONNECTIONS
                + " connections (wrk on 127.0.0.1): ratio to the static asset, p99 latency, server CPU per request"));
        double top = endpoints.stream().mapToDouble(Endpoint::throughput).max().orElse(1);
        for (Endpoint e : endpoints) {
            y += rowHeight;
            int bar = (int) Math.round(barMax * e.throughput() / top);
            svg.append(text(20, y, 13, "normal", e.target().label()));
            svg.append(rect(labelWidth, y - 15, bar, 20, "#2f6f4f"));
            svg.append(text(labelWidth + bar + 8, y, 13, "normal", String.format(Locale.ROOT,
                    "%,.0f req/s, %s, p99 %s ms, %,.0f µs CPU", e.throughput(), percent(ratio(e)), ms(e.p99()),
                    e.cpuMicrosPerRequest())));
        }
        y += 45;
        svg.append(text(20, y, 12, "normal", "Start-up: process start to the first served page, seconds (4 s target dashed)"));
        double longest = Math.max(FIRST_PAGE_TARGET_SECONDS,
                startups.stream().mapToDouble(s -> s.firstPage().toMillis() / 1000.0).max().orElse(1));
        int chartTop = y + 10;
        for (Startup s : startups) {
            y += rowHeight;
            int bar = (int) Math.round(barMax * s.firstPage().toMillis() / 1000.0 / longest);
            svg.append(text(20, y, 13, "normal", s.attempt()));
            svg.append(rect(labelWidth, y - 15, bar, 20, "#4a6fa5"));
            svg.append(text(labelWidth + bar + 8, y, 13, "normal",
                    Benchmark.seconds(s.firstPage()) + " s, CPU " + Benchmark.seconds(s.cpu()) + " s"));
        }
        int target = labelWidth + (int) Math.round(barMax * FIRST_PAGE_TARGET_SECONDS / longest);
        svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b22\" stroke-dasharray=\"4 3\"/>%n",
                target, chartTop, target, y + 8));
        y += 40;
        svg.append(text(20, y, 12, "normal", "Command: " + command + " (each figure's own command: target/bench/results.md)"));
        svg.append(text(20, y + 18, 12, "normal", machine));
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + (y + 35)
                + "\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + svg + "</svg>\n";
    }

    private Endpoint endpoint(String name) {
        return endpoints.stream().filter(e -> e.target().name().equals(name)).findFirst().orElseThrow();
    }

    private double ratio(Endpoint e) {
        return e.throughput() / endpoint("static").throughput();
    }

    private static String[] target(String what, String figure, boolean met) {
        return new String[] {what, figure, met ? "yes" : "**no**"};
    }

    private static Duration percentile(List<Login> logins, Function<Login, Duration> figure, int percentile) {
        List<Duration> sorted = logins.stream().map(figure).sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    /**
     * The command as typed in a shell, with {@code java} for the full path of the JDK's launcher, and a script by its
     * path in the server's folder ({@code bin/standalone.sh}).
     */
    private static String shell(List<String> command) {
        Path program = Path.of(command.get(0));
        String name = program.getFileName().toString().equals("java") ? "java"
                : program.getParent().getFileName() + "/" + program.getFileName();
        return name + " " + String.join(" ", command.subList(1, command.size()));
    }

    private static String millis(Duration duration) {
        return String.valueOf(duration.toMillis());
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static String rect(int x, int y, int width, int height, String fill) {
        return String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n", x, y, width, height, fill);
    }

    private static String text(int x, int y, int size, String weight, String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format("<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n", x, y, size, weight, escaped);
    }
}

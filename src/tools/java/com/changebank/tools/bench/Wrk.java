package com.changebank.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Load from {@code wrk} (Debian's package), on 127.0.0.1: a generated Lua script takes the logged-in sessions in
 * turn (cookie, and the CSRF token of a POST), counts every answer other than 200 as an error, and prints one line
 * of figures at the end.
 */
final class Wrk {

    static final int THREADS = 2;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]*");

    /** A logged-in user: the session cookie's value and the session's CSRF token. */
    record Session(String cookie, String csrf) {
    }

    /**
     * What to load: {@code form} is the body of a POST, sent with each session's CSRF token; any answer but
     * {@code expected} is an error.
     */
    record Target(String name, String label, String method, String path, String form, List<Session> sessions,
            int expected) {

        Target(String name, String label, String method, String path, String form, List<Session> sessions) {
            this(name, label, method, path, form, sessions, 200);
        }
    }

    /**
     * One run's figures; latencies in milliseconds, errors include every answer other than 200. The server's CPU
     * time per request is the steadier figure on a machine that others share.
     */
    record Run(long requests, double seconds, double p50, double p99, long errors, double cpuMicrosPerRequest) {

        double throughput() {
            return requests / seconds;
        }
    }

    private final Path dir;
    private final String base;
    private final int connections;

    Wrk(Path dir, String base, int connections) {
        this.dir = dir;
        this.base = base;
        this.connections = connections;
    }

    /** Where the scripts and wrk's output go. */
    Path dir() {
        return dir;
    }

    static void requireInstalled() {
        try {
            new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("The benchmark needs wrk: apt-get install wrk", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command line that loads {@code target} for {@code seconds}; its script is written by {@link #script}. */
    List<String> command(Target target, int seconds) {
        return List.of("wrk", "-t" + Math.min(THREADS, connections), "-c" + connections, "-d" + seconds + "s", "--timeout", "5s",
                "-s", dir.resolve(target.name() + ".lua").toString(), base + target.path());
    }

    void script(Target target) {
        String sessions = target.sessions().stream()
                .map(s -> "  {\"" + safe(s.cookie()) + "\", \"" + safe(s.csrf()) + "\"},")
                .collect(Collectors.joining("\n"));
        String lua = """
                -- %s: %s %s, taking the sessions in turn; any answer but %d is an error.
                local method, path, form, expected = "%s", "%s", "%s", %d
                local sessions = {
                %s
                }
                local prepared, n, threads = {}, 0, {}
                unexpected = 0

                function setup(thread)
                  table.insert(threads, thread)
                end

                function init(args)
                  for i, s in ipairs(sessions) do
                    local headers, body = {Cookie = "JSESSIONID=" .. s[1]}, nil
                    if method == "POST" then
                      headers["Content-Type"] = "application/x-www-form-urlencoded"
                      body = "_csrf=" .. s[2] .. "&" .. form
                    end
                    prepared[i] = wrk.format(method, path, headers, body)
                  end
                  if #prepared == 0 then
                    prepared[1] = wrk.format(method, path)
                  end
                end

                function request()
                  n = n %% #prepared + 1
                  return prepared[n]
                end

                function response(status, headers, body)
                  if status ~= expected then
                    unexpected = unexpected + 1
                  end
                end

                function done(summary, latency, requests)
                  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                      + summary.errors.timeout
                  for _, thread in ipairs(threads) do
                    errors = errors + thread:get("unexpected")
                  end
                  io.write(string.format("figures %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
                      latency:percentile(50), latency:percentile(99), errors))
                end
                """.formatted(target.name(), target.method(), target.path(), target.expected(), target.method(),
                safe(target.path()), safe(target.form()), target.expected(), sessions);
        write(dir.resolve(target.name() + ".lua"), lua, false);
    }

    /** Loads {@code target} for {@code seconds}, and counts the CPU time that {@code server} spent meanwhile. */
    Run run(Target target, int seconds, ProcessHandle server) {
        List<String> command = command(target, seconds);
        try {
            Duration cpuBefore = cpu(server);
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor();
            write(dir.resolve("wrk.log"), "$ " + String.join(" ", command) + "\n" + output + "\n", true);
            String[] figures = output.lines().filter(line -> line.startsWith("figures ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("wrk failed: " + command + "\n" + output))
                    .split(" ");
            long requests = Long.parseLong(figures[1]);
            double cpuMicros = cpu(server).minus(cpuBefore).toNanos() / 1e3;
            return new Run(requests, Long.parseLong(figures[2]) / 1e6, Long.parseLong(figures[3]) / 1e3,
                    Long.parseLong(figures[4]) / 1e3, Long.parseLong(figures[5]), cpuMicros / Math.max(1, requests));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Session ids, tokens and paths go into Lua strings: nothing that could end one. */
    private static String safe(String value) {
        if (!SAFE.matcher(value.replace("/", "").replace("=", "").replace("&", "").replace("?", "")).matches()) {
            throw new IllegalArgumentException("Unexpected characters for a Lua string: " + value);
        }
        return value;
    }

    private static void write(Path file, String text, boolean append) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

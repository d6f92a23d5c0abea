package com.changebank.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Debian's HAProxy ({@code apt-get install haproxy}), in front of ChangeBank for the cluster and TLS tests. */
public final class Haproxy {

    private static final String NOT_INSTALLED = "No haproxy: install Debian's package with `apt-get install haproxy`";

    /** What every configuration here starts with; the caller goes on inside {@code defaults}. */
    private static final String DEFAULTS = """
            global
                log stdout format raw local0

            defaults
                mode http
                log global
                option httplog
                timeout connect 1s
                timeout client 30s
                timeout server 30s
            """;

    private Haproxy() {
    }

    /**
     * Skips the calling tests where HAProxy is missing; fails them instead with {@code -Dhaproxy.required=true}, as
     * in CI.
     */
    public static void assumeInstalled() {
        if (command().isEmpty()) {
            Assertions.assertFalse(Boolean.getBoolean("haproxy.required"), NOT_INSTALLED + " (haproxy.required is true)");
            Assumptions.abort(NOT_INSTALLED);
        }
    }

    /** HAProxy's command, if it is installed. */
    public static Optional<Path> command() {
        return Stream.concat(Stream.of(System.getenv("PATH").split(":")), Stream.of("/usr/sbin", "/usr/local/sbin"))
                .map(dir -> Path.of(dir, "haproxy")).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts HAProxy with {@link #DEFAULTS} and then {@code sections}, its configuration in {@code directory}'s
     * haproxy.cfg and its log in haproxy.log.
     */
    static Process start(Path directory, String sections) {
        Path command = command().orElseThrow(() -> new IllegalStateException(NOT_INSTALLED));
        Path file = directory.resolve("haproxy.cfg");
        try {
            Files.writeString(file, DEFAULTS + sections);
            return new ProcessBuilder(command.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("haproxy.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start HAProxy", e);
        }
    }
}

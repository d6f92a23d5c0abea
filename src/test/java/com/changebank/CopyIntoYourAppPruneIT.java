package com.changebank;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.copy.CopiedApp;
import com.changebank.copy.CopiedApp.Listed;
import com.changebank.support.Browser;
import com.changebank.support.FreePort;
import com.changebank.support.fusionauth.FusionAuthStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Which of the files docs/copy-into-your-app.md lists the login needs: for each, a WAR of all the others runs on a
 * Payara Micro 7 of its own, and the developer's page logs in and out through the FusionAuth stand-in as in
 * {@link CopyIntoYourAppFusionAuthIT}. A file tagged {@code login} or {@code FusionAuth} without which that still
 * passes fails the test; every other file that is not needed is named in the report, target/copy-prune.md, with the
 * tag that says why it is listed. Opt-in, about ten seconds a file: {@code ./mvnw verify -DskipUnitTests
 * -Dit.test=CopyIntoYourAppPruneIT -Dcopy.prune=true}.
 */
@EnabledIfSystemProperty(named = "copy.prune", matches = "true")
class CopyIntoYourAppPruneIT {

    private static final Set<String> NEEDED_BY_THE_JOURNEY = Set.of("login", "FusionAuth");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Path DIRECTORY = Path.of("target", "copy-prune");
    private static final Path REPORT = Path.of("target", "copy-prune.md");

    private record Outcome(Listed listed, String failure) {
        boolean needed() {
            return failure != null;
        }
    }

    @Test
    void everyFileTaggedForTheLoginIsNeededByIt() throws IOException {
        int port = FreePort.find();
        String app = "http://localhost:" + port + "/";
        List<Listed> listed = CopiedApp.listed();
        List<Outcome> outcomes = new ArrayList<>();
        try (FusionAuthStandIn provider = FusionAuthStandIn.start(FreePort.find(), app)) {
            assertNull(journeyWithout(null, listed, provider, port), "with every listed file");
            for (Listed file : listed) {
                Outcome outcome = new Outcome(file, journeyWithout(file, listed, provider, port));
                System.out.println((outcome.needed() ? "needed: " : "NOT needed: ") + file.file()
                        + (outcome.needed() ? " (" + outcome.failure() + ")" : ""));
                outcomes.add(outcome);
            }
        }
        Files.writeString(REPORT, report(outcomes));
        List<String> wronglyTagged = outcomes.stream()
                .filter(outcome -> !outcome.needed() && NEEDED_BY_THE_JOURNEY.contains(outcome.listed().tag()))
                .map(outcome -> outcome.listed().file() + " (" + outcome.listed().tag() + ")").toList();
        assertTrue(wronglyTagged.isEmpty(), () -> "the login passes without these, tagged as needed for it: "
                + wronglyTagged + "; see " + REPORT);
    }

    /** The journey's first failure on a WAR without {@code left} (with every file if null), or null if it passed. */
    private static String journeyWithout(Listed left, List<Listed> listed, FusionAuthStandIn provider, int port)
            throws IOException {
        Path directory = DIRECTORY.resolve(left == null ? "all" : String.valueOf(listed.indexOf(left)));
        Files.createDirectories(directory);
        Path war = directory.resolve("ROOT.war").toAbsolutePath();
        CopiedApp.war(listed.stream().filter(file -> file != left).map(Listed::file).toList())
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        Path log = directory.resolve("server.log");
        // As the Arquillian tests run it: ISSUER on the command line, the client from the project's .env.
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-DISSUER=" + provider.issuer(), "-jar", System.getProperty("payara.microJar"), "--nohazelcast",
                "--port", String.valueOf(port), "--prebootcommandfile", System.getProperty("payara.prebootCommands"),
                "--deploy", war.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitReady(server, log);
            CopyIntoYourAppFusionAuthIT.logInAndOut(new Browser(), "http://localhost:" + port + "/", provider);
            return null;
        } catch (AssertionError | RuntimeException failed) {
            // The message up to the page it quotes, if any: the log says the rest.
            String message = String.valueOf(failed.getMessage()).replace('\n', ' ').replaceFirst(": <.*", "");
            return message.substring(0, Math.min(message.length(), 160)) + "; log: " + log;
        } finally {
            server.destroy();
            try {
                server.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Until Payara Micro says it is ready (it does after a failed deployment too, and the journey then fails). */
    private static void awaitReady(Process server, Path log) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!Files.readString(log).contains(" ready in ")) {
            if (!server.isAlive()) {
                throw new IllegalStateException("Payara Micro stopped with exit code " + server.exitValue());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Payara Micro was not ready in " + START_TIMEOUT);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String report(List<Outcome> outcomes) {
        StringBuilder report = new StringBuilder("""
                # Which listed files the login needs

                Each row: a WAR of all the other files of docs/copy-into-your-app.md, the developer's page logging in
                and out through the FusionAuth stand-in (CopyIntoYourAppPruneIT).

                | File | Tag | Without it |
                | --- | --- | --- |
                """);
        for (Outcome outcome : outcomes) {
            report.append("| `").append(outcome.listed().file()).append("` | ").append(outcome.listed().tag())
                    .append(" | ").append(outcome.needed() ? "fails: " + outcome.failure().replace("|", "/")
                            : "passes: not needed by the login").append(" |\n");
        }
        return report.toString();
    }
}

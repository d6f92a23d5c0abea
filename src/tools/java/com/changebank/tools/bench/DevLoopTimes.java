package com.changebank.tools.bench;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.tools.DevLoop;
import com.changebank.support.FreePort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code ./mvnw -Pdev-times}: how long the developer's loop ({@code ./mvnw -Pdev}) takes from saving a file to the
 * new page, and whether the login survives. It copies the project to {@code target/dev-times/} and runs the loop
 * there on free ports, so the working tree and a loop of yours on 8080 are left alone; logs in through Keycloak's
 * form; then edits, in the copy, a view, the tag file, the CSS and a Java class, a broken class and a broken view,
 * and polls until each shows. Ends with Ctrl-C's signal, and checks that nothing it started still listens.
 */
public final class DevLoopTimes {

    private static final Path COPY = Path.of("target", "dev-times");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String app;
    private final Browser browser = new Browser();
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private final List<String> results = new ArrayList<>();

    private DevLoopTimes(String app) {
        this.app = app;
    }

    public static void main(String[] args) throws Exception {
        copyProject();
        int appPort = FreePort.find();
        int keycloakPort = FreePort.find();
        Process loop = new ProcessBuilder(COPY.resolve("mvnw").toAbsolutePath().toString(), "-B", "-ntp", "-o", "-Pdev",
                "-Dapp.port=" + appPort, "-Dkeycloak.port=" + keycloakPort)
                .directory(COPY.toFile()).redirectErrorStream(true).start();
        DevLoopTimes times = new DevLoopTimes("http://localhost:" + appPort + "/");
        Thread reader = new Thread(() -> times.read(loop), "dev-loop-output");
        reader.setDaemon(true);
        reader.start();
        try {
            times.awaitOutput(line -> line.startsWith("ChangeBank is ready"), Duration.ofMinutes(6));
            times.measure();
        } finally {
            loop.toHandle().destroy(); // SIGTERM, as Ctrl-C's SIGINT: the loop's shutdown hook stops what it started
            loop.waitFor(60, TimeUnit.SECONDS);
        }
        boolean leftBehind = !FreePort.isFree(appPort) || !FreePort.isFree(keycloakPort);
        times.results.add(String.format("after Ctrl-C: %s", leftBehind ? "SOMETHING STILL LISTENS" : "nothing listens"
                + " on the loop's ports"));
        System.out.println();
        times.results.forEach(line -> System.out.println("dev-times: " + line));
    }

    private void measure() throws Exception {
        Page form = browser.get(app + "account");
        Page account = browser.submit(form.form("form#kc-form-login"),
                Map.of("username", "richard@example.com", "password", "password"));
        check(account.uri().equals(URI.create(app + "account")), "not logged in: " + account.uri());

        String marker = "edited-" + System.nanoTime();
        timed("JSP (account.jsp)", "src/main/webapp/WEB-INF/views/account.jsp", "Your balance",
                "Your balance " + marker,
                () -> browser.get(app + "account").body().contains(marker));
        timed("tag file (page.tag)", "src/main/webapp/WEB-INF/tags/page.tag", "</footer>", marker + "</footer>",
                () -> browser.get(app + "account").body().contains(marker + "</footer>"));
        timed("CSS (changebank.css)", "src/main/webapp/static/changebank.css", "}", "}\n/* " + marker + " */",
                () -> browser.get(app + "static/changebank.css").body().contains(marker));
        timed("Java class (SecurityHeadersFilter)", "src/main/java/com/changebank/security/SecurityHeadersFilter.java",
                "response.setHeader(\"X-Content-Type-Options\", \"nosniff\");",
                "response.setHeader(\"X-Dev-Loop\", \"" + marker + "\");\n"
                        + "        response.setHeader(\"X-Content-Type-Options\", \"nosniff\");",
                () -> browser.step(app).headers().firstValue("X-Dev-Loop").orElse("").equals(marker));

        Path broken = COPY.resolve("src/main/java/com/changebank/Broken.java");
        Files.writeString(broken, "package com.changebank;\nclass Broken { int x = ; }\n");
        awaitOutput(line -> line.startsWith("compile error:") && line.contains("Broken.java"), PATIENCE);
        awaitOutput(line -> line.startsWith("not deployed"), PATIENCE);
        check(browser.step(app).headers().firstValue("X-Dev-Loop").orElse("").equals(marker),
                "the last good version no longer runs");
        results.add("a compile error: printed with its file and line; the last good version keeps running");
        Files.delete(broken);

        Instant saved = edit("src/main/webapp/WEB-INF/views/home.jsp", "</h1>", "</h1><c:out value=\"${x\"/>");
        Browser visitor = new Browser();
        while (visitor.get(app).status() == 200) {
            check(Duration.between(saved, Instant.now()).compareTo(PATIENCE) < 0, "the broken JSP never showed");
            Thread.sleep(50);
        }
        String warning = awaitOutput(line -> line.startsWith("payara:") && line.contains("home.jsp"), PATIENCE);
        results.add("a broken JSP: HTTP " + visitor.get(app).status() + ", and the terminal names it: " + warning);
    }

    /** Edits {@code file} in the copy, then polls until {@code shows}; says how long, and whether the login lasted. */
    private void timed(String what, String file, String find, String replace, Check shows) throws Exception {
        Instant saved = edit(file, find, replace);
        while (!shows.holds()) {
            check(Duration.between(saved, Instant.now()).compareTo(PATIENCE) < 0, what + " never showed");
            Thread.sleep(50);
        }
        double seconds = Duration.between(saved, Instant.now()).toMillis() / 1000.0;
        boolean loggedIn = browser.step(app + "account").status() == 200;
        results.add(String.format("%-36s %5.2f s from save to the new page; logged in after it: %s", what, seconds,
                loggedIn ? "yes" : "no"));
        if (!loggedIn) {
            Page form = browser.get(app + "account");
            if (form.document().selectFirst("form#kc-form-login") != null) {
                browser.submit(form.form("form#kc-form-login"),
                        Map.of("username", "richard@example.com", "password", "password"));
            }
        }
    }

    /** Writes the file in place, as an editor saves it. */
    private static Instant edit(String file, String find, String replace) throws IOException {
        Path path = COPY.resolve(file);
        String text = Files.readString(path);
        check(text.contains(find), file + " has no " + find);
        Instant saved = Instant.now();
        Files.writeString(path, text.replaceFirst(java.util.regex.Pattern.quote(find),
                java.util.regex.Matcher.quoteReplacement(replace)));
        return saved;
    }

    private void read(Process loop) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(loop.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("  | " + line);
                output.add(line);
            }
        } catch (IOException e) {
            output.add("output lost: " + e.getMessage());
        }
    }

    private String awaitOutput(Predicate<String> wanted, Duration patience) throws InterruptedException {
        Instant end = Instant.now().plus(patience);
        while (Instant.now().isBefore(end)) {
            String line = output.poll(1, TimeUnit.SECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
        }
        throw new IllegalStateException("The dev loop did not print what was awaited within " + patience);
    }

    /** The project's sources and build files, not its target/: the copy builds itself. */
    private static void copyProject() throws IOException {
        DevLoop.deleteTree(COPY);
        Files.createDirectories(COPY);
        for (String part : List.of("pom.xml", "mvnw", ".mvn", "src", "server-config", ".env")) {
            DevLoop.copyTree(Path.of(part), COPY.resolve(part));
        }
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }
}

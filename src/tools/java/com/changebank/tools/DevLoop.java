package com.changebank.tools;

import com.changebank.support.FreePort;
import com.changebank.support.Keycloak;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * {@code ./mvnw -Pdev}: ChangeBank on Payara Micro 7 from an exploded WAR of its own ({@code target/dev/ROOT}), with
 * the local Keycloak (started once, or the one already answering on its port), and edits shown as they are saved:
 * <ul>
 * <li>a view, the tag file, the CSS or an image is copied into the exploded WAR; Payara's JSP compiler, in
 * development mode there only, compiles a changed JSP at the next request. No redeployment: the session stays.</li>
 * <li>a Java class: all of {@code src/main/java} is compiled in this JVM, and only if it compiles are the classes
 * swapped in and the application redeployed (Payara Micro redeploys an exploded WAR whose {@code .reload} file
 * changes, here with {@code keepState}: the sessions, logins included, are serialized and restored). A compile
 * error is printed here, and the last good version keeps running.</li>
 * </ul>
 * Why not the Payara Micro Maven plugin's {@code dev} goal: it starts a Maven build for every change and redeploys
 * the application for a JSP too; a view's edit took 25 to 39 s to show here, and the login was lost each time.
 * Payara's warnings and errors (a broken JSP among them, with its file and line) are printed here; its full log is
 * {@code target/dev/payara-micro.log}. Ctrl-C stops all this started.
 */
public final class DevLoop {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Path RESOURCES = Path.of("src", "main", "resources");
    private static final Path WEBAPP = Path.of("src", "main", "webapp");
    private static final Path DEV = Path.of("target", "dev");
    private static final Path EXPLODED = DEV.resolve("ROOT");
    private static final Path LOG = DEV.resolve("payara-micro.log");
    /** Files whose change needs a redeployment, not just a copy: the deployment descriptors. */
    private static final List<String> DESCRIPTORS = List.of("web.xml", "glassfish-web.xml", "beans.xml");

    /** A record of Payara's log: its level, its logger and what follows on its first line. */
    private static final Pattern LOG_RECORD = Pattern.compile(
            "\\[[^]]*\\] \\[[^]]*\\] \\[(\\w+)\\] \\[[^]]*\\] \\[([^]]*)\\].*?\\[levelValue: \\d+\\] (?:\\[\\[)?(.*)");

    /** Warnings Payara gives at every start or redeployment, which say nothing about the change. */
    private static final List<String> NOISE = List.of("glassfish-web.xml file is deprecated",
            "Context path from ServletContext", "Runtime directory is located in a temporary file location");

    /** Whether Payara's log said that the deployment failed. */
    private static volatile boolean failed;

    private final List<String> classpath;

    private DevLoop(List<String> classpath) {
        this.classpath = classpath;
    }

    public static void main(String[] args) throws Exception {
        int appPort = Integer.getInteger("app.port", 8080);
        int keycloakPort = Integer.getInteger("keycloak.port", 8180);
        FreePort.require(appPort, "app.port");
        String app = "http://localhost:" + appPort;
        List<AutoCloseable> running = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LocalRun.stopAll(running)));

        try {
            String issuer = "http://localhost:" + keycloakPort + "/realms/changebank";
            if (answers(issuer + "/.well-known/openid-configuration")) {
                System.out.println("Using the Keycloak already running at " + issuer);
            } else {
                FreePort.require(keycloakPort, "keycloak.port");
                System.out.println("Starting Keycloak on port " + keycloakPort + "...");
                running.add(Keycloak.start(Path.of(System.getProperty("keycloak.home")), keycloakPort, app,
                        System.out::println));
            }

            String classpath = Files.readString(DEV.resolve("classpath.txt")).strip();
            DevLoop loop = new DevLoop(List.of(classpath.split(File.pathSeparator)));
            explode();
            System.out.println("Starting ChangeBank from " + EXPLODED + " (log: " + LOG + ")...");
            Process payara = startPayara(appPort, issuer);
            running.add(0, () -> LocalRun.stop(payara.toHandle()));
            Thread log = new Thread(() -> forwardWarnings(payara), "payara-log");
            log.setDaemon(true);
            log.start();
            awaitHome(payara, app);
            System.out.println();
            System.out.println("ChangeBank is ready: open " + app + "/ and log in as richard@example.com / password.");
            System.out.println("Edit src/main/webapp (views, tag, CSS, images) or src/main/java; Ctrl-C stops.");
            loop.watch(payara);
        } catch (Exception | Error e) {
            // Stopped here, while this class's loader is open: a shutdown hook after a failed exec:java cannot load.
            LocalRun.stopAll(running);
            running.clear();
            throw e;
        }
    }

    /** The build's exploded WAR, copied: the tests' files are never the ones served, nor the other way round. */
    private static void explode() throws IOException {
        deleteTree(EXPLODED);
        copyTree(Path.of("target", "ROOT"), EXPLODED);
        developmentJsp();
    }

    /**
     * Payara's JSP compiler checks a JSP for changes only in development mode, and the web container serves its files
     * from a cache that looks at them again after 5 s: both cost every request a look at the files, so they are set
     * in this copy of {@code glassfish-web.xml} only, never in the WAR.
     */
    private static void developmentJsp() throws IOException {
        Path descriptor = EXPLODED.resolve("WEB-INF/glassfish-web.xml");
        String xml = Files.readString(WEBAPP.resolve("WEB-INF/glassfish-web.xml"));
        Files.writeString(descriptor, xml.replace("</glassfish-web-app>", """
                    <jsp-config>
                        <property name="development" value="true"/>
                        <property name="modificationTestInterval" value="0"/>
                    </jsp-config>
                    <property name="cacheTTL" value="0"/>
                </glassfish-web-app>"""));
    }

    private static Process startPayara(int port, String issuer) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-DISSUER=" + issuer, "-jar", "target/payara-micro.jar", "--deploy", EXPLODED.toString(),
                "--contextroot", "/", "--port", String.valueOf(port),
                "--prebootcommandfile", "server-config/payara/pre-boot-commands.asadmin"));
        command.addAll(LoneInstance.PAYARA);
        Files.deleteIfExists(LOG);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Payara's output to its log file, and its warnings and errors, shortened, to the terminal. */
    private static void forwardWarnings(Process payara) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(payara.getInputStream(),
                StandardCharsets.UTF_8)); var log = Files.newBufferedWriter(LOG)) {
            boolean inWarning = false;
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                log.write(line);
                log.newLine();
                log.flush();
                String plain = line.replaceAll("\u001B\\[[;\\d]*m", "");
                failed |= plain.contains("Exception while loading the app");
                Matcher record = LOG_RECORD.matcher(plain);
                if (record.matches()) {
                    inWarning = record.group(1).equals("WARNING") || record.group(1).equals("SEVERE");
                    plain = record.group(1) + " " + record.group(2) + ": " + record.group(3);
                    if (plain.contains("successfully deployed")) {
                        System.out.println("ChangeBank " + plain.replaceAll(".*was (successfully deployed in .*)",
                                "$1"));
                    }
                }
                String text = plain.strip();
                if (inWarning && !text.isEmpty() && !text.startsWith("at ") && !text.startsWith("...")
                        && !text.equals("]]") && NOISE.stream().noneMatch(text::contains)) {
                    System.out.println("payara: " + text);
                }
            }
        } catch (IOException e) {
            System.err.println("Payara's output is lost: " + e.getMessage());
        }
    }

    private void watch(Process payara) throws IOException, InterruptedException {
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            for (Path root : List.of(SOURCES, RESOURCES, WEBAPP)) {
                register(watcher, root);
            }
            while (payara.isAlive()) {
                WatchKey key = watcher.take();
                Thread.sleep(100); // an editor's save is several events: take them all at once
                List<Path> changed = new ArrayList<>();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        changed.add(((Path) key.watchable()).resolve(name));
                    }
                }
                key.reset();
                for (Path path : changed) {
                    if (Files.isDirectory(path)) {
                        register(watcher, path);
                    }
                }
                handle(changed.stream().filter(path -> !Files.isDirectory(path) && !isEditorTemporary(path))
                        .distinct().toList());
            }
        }
    }

    private void handle(List<Path> changed) throws IOException {
        boolean compile = false;
        boolean redeploy = false;
        for (Path path : changed) {
            if (path.startsWith(SOURCES) || path.startsWith(RESOURCES)) {
                compile = true;
            } else if (path.startsWith(WEBAPP)) {
                Path target = EXPLODED.resolve(WEBAPP.relativize(path));
                if (Files.exists(path)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(target);
                }
                System.out.println("updated " + WEBAPP.relativize(path));
                if (DESCRIPTORS.contains(path.getFileName().toString())) {
                    developmentJsp();
                    redeploy = true;
                }
            }
        }
        if (compile) {
            redeploy |= compile();
        }
        if (redeploy) {
            System.out.println("redeploying, sessions kept...");
            // Payara reads the file as properties: keepState serializes the sessions and restores them after.
            Files.writeString(EXPLODED.resolve(".reload"), "keepState=true\n# " + Instant.now() + "\n");
        }
    }

    /** Compiles all the sources apart; only if they compile do the classes replace the running ones. */
    private boolean compile() throws IOException {
        Instant start = Instant.now();
        Path classes = Files.createTempDirectory(DEV, "classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean compiled;
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
                Stream<Path> tree = Files.walk(SOURCES)) {
            List<Path> sources = tree.filter(path -> path.toString().endsWith(".java")).toList();
            List<String> options = List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                    "-classpath", String.join(File.pathSeparator, classpath));
            compiled = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
        }
        for (Diagnostic<? extends JavaFileObject> problem : diagnostics.getDiagnostics()) {
            if (problem.getKind() == Diagnostic.Kind.ERROR) {
                System.out.println("compile error: " + (problem.getSource() == null ? "" : Path.of(".").toAbsolutePath()
                        .normalize().relativize(Path.of(problem.getSource().toUri())) + ":" + problem.getLineNumber()
                        + ": ") + problem.getMessage(null));
            }
        }
        if (!compiled) {
            deleteTree(classes);
            System.out.println("not deployed: ChangeBank keeps running the last version that compiled");
            return false;
        }
        copyTree(RESOURCES, classes);
        Path deployed = EXPLODED.resolve("WEB-INF/classes");
        deleteTree(deployed);
        Files.move(classes, deployed);
        System.out.println("compiled in " + Duration.between(start, Instant.now()).toMillis() + " ms");
        return true;
    }

    private static void register(WatchService watcher, Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path directory : tree.filter(Files::isDirectory).toList()) {
                directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    /** Swap and backup files of editors (vim's {@code 4913}, {@code .swp}, {@code ~}, Emacs' {@code .#}). */
    private static boolean isEditorTemporary(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx") || name.startsWith(".#")
                || name.equals("4913");
    }

    private static boolean answers(String url) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Until the home page answers, or the deployment failed (Payara's log says so) or took three minutes. */
    private static void awaitHome(Process payara, String app) throws InterruptedException {
        Instant start = Instant.now();
        while (!answers(app + "/")) {
            if (!payara.isAlive() || failed || Duration.between(start, Instant.now()).toMinutes() >= 3) {
                throw new IllegalStateException("ChangeBank did not start; see " + LOG.toAbsolutePath());
            }
            Thread.sleep(500);
        }
    }

    /** Copies the tree (or file) {@code from} to {@code to}, replacing what is there, modes kept (mvnw's). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path path : tree.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> tree = Files.walk(root)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}

package com.changebank.copy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A developer's own application with ChangeBank's login copied into it, as docs/copy-into-your-app.md says: the files
 * of its table "The files" (compiled, from the build's classes), its web.xml fragment, and one protected page of its
 * own, {@link PrivatePage}. Nothing else of ChangeBank.
 */
public final class CopiedApp {

    static final Path PAGE = Path.of("docs/copy-into-your-app.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(src/main/[^`]+)` \\|.*\\| ([A-Za-z]+) \\|$");
    private static final Path CLASSES = Path.of("target/classes");

    private CopiedApp() {
    }

    /** A row of the table: a file and its tag (login, safe, FusionAuth, Payara, WildFly or performance). */
    public record Listed(String file, String tag) {
    }

    /** The WAR, deployed at the context root like ChangeBank's. */
    public static WebArchive war() {
        return war(listed().stream().map(Listed::file).toList());
    }

    /** A WAR of some of the listed files only, with the page's web.xml and the developer's page. */
    public static WebArchive war(List<String> files) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "ROOT.war");
        for (String file : files) {
            add(war, file, files);
        }
        // At the context root on every server, like ChangeBank: Payara Server needs glassfish-web.xml for that (the
        // page's "Repairs you may need"); the copied login itself does not.
        return war.addClass(PrivatePage.class).setWebXML(new StringAsset(webXml()))
                .addAsWebInfResource(new FileAsset(Path.of("src/main/webapp/WEB-INF/glassfish-web.xml").toFile()),
                        "glassfish-web.xml");
    }

    /** The rows of the page's table "The files", in its order. */
    public static List<Listed> listed() {
        List<Listed> files = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines()) {
            if (line.startsWith("## ")) {
                inTable = line.equals("## The files");
            }
            Matcher row = ROW.matcher(line);
            if (inTable && row.find()) {
                files.add(new Listed(row.group(1), row.group(2)));
            } else if (inTable && line.startsWith("| `src/")) {
                throw new AssertionError(PAGE + ": a row without its file and tag: " + line);
            }
        }
        if (files.isEmpty()) {
            throw new AssertionError(PAGE + " lists no files under \"## The files\"");
        }
        return files;
    }

    /** The page's web.xml fragment, in a web-app of its own. */
    static String webXml() {
        String page = String.join("\n", lines());
        Matcher fragment = Pattern.compile("## web\\.xml.*?```xml\n(.*?)```", Pattern.DOTALL).matcher(page);
        if (!fragment.find()) {
            throw new AssertionError(PAGE + " has no xml fragment under \"## web.xml\"");
        }
        return "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n" + fragment.group(1)
                + "</web-app>\n";
    }

    private static void add(WebArchive war, String file, List<String> files) {
        if (!Files.exists(Path.of(file))) {
            throw new AssertionError(PAGE + " lists " + file + ", which does not exist");
        }
        if (file.startsWith("src/main/java/")) {
            String type = file.substring("src/main/java/".length()).replaceFirst("\\.java$", "");
            classFiles(type).forEach(path -> war.add(new FileAsset(path.toFile()),
                    "WEB-INF/classes/" + CLASSES.relativize(path)));
        } else if (file.startsWith("src/main/resources/META-INF/services/")) {
            // A service file names only the copied classes: ChangeBank's lists some that are not on the page.
            String services = lines(Path.of(file)).stream()
                    .filter(name -> files.contains("src/main/java/" + name.replace('.', '/') + ".java"))
                    .reduce("", (all, name) -> all + name + "\n");
            war.add(new StringAsset(services), "WEB-INF/classes/" + file.substring("src/main/resources/".length()));
        } else if (file.startsWith("src/main/resources/")) {
            war.add(new FileAsset(Path.of(file).toFile()),
                    "WEB-INF/classes/" + file.substring("src/main/resources/".length()));
        } else if (file.startsWith("src/main/webapp/")) {
            war.add(new FileAsset(Path.of(file).toFile()), file.substring("src/main/webapp/".length()));
        } else {
            throw new AssertionError(PAGE + " lists " + file + ", which is neither code, resource nor web content");
        }
    }

    /** A source file's compiled classes: the class and its nested ones (a package-info has none without annotations). */
    private static List<Path> classFiles(String type) {
        Path directory = CLASSES.resolve(type).getParent();
        String name = Path.of(type).getFileName().toString();
        try (Stream<Path> classes = Files.list(directory)) {
            List<Path> found = classes.filter(path -> path.getFileName().toString().equals(name + ".class")
                    || path.getFileName().toString().startsWith(name + "$")).toList();
            if (found.isEmpty() && !name.equals("package-info")) {
                throw new AssertionError("no compiled class for " + type + ": build first");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines() {
        return lines(PAGE);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

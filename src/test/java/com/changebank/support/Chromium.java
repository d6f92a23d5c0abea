package com.changebank.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium, driven by Debian's chromedriver with a fresh profile. Both paths are set, so Selenium
 * Manager never runs and nothing is downloaded; {@code -Dchromium.binary} and {@code -Dchromedriver.binary} name
 * others (the GitHub workflow's Chrome for Testing).
 */
public final class Chromium extends ChromeDriver {

    private static final Path BROWSER = path("chromium.binary", "/usr/bin/chromium");
    private static final Path DRIVER = path("chromedriver.binary", "/usr/bin/chromedriver");

    private final Path profile;

    private Chromium(ChromeDriverService service, ChromeOptions options, Path profile) {
        super(service, options);
        this.profile = profile;
    }

    /**
     * Skips the calling test where Chromium or its driver is missing; fails it instead when the build asks for the
     * browser tests with {@code -Dbrowser.required=true}, as CI does.
     */
    public static void assumeInstalled() {
        List<String> missing = Stream.of(BROWSER, DRIVER).filter(path -> !Files.isExecutable(path))
                .map(Path::toString).toList();
        String message = "No " + String.join(" and no ", missing)
                + ": install Debian's packages with `apt-get install chromium chromium-driver`";
        if (Boolean.getBoolean("browser.required")) {
            Assertions.assertTrue(missing.isEmpty(), message + " (browser.required is true)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), message);
    }

    /** A new browser window that keeps its console messages for {@link #consoleErrors()}. */
    public static Chromium start() {
        return start(List.of());
    }

    /** The same, with more command-line {@code arguments} for Chromium. */
    public static Chromium start(List<String> arguments) {
        return start(arguments, Map.of());
    }

    /** The same, with {@code preferences} of the new profile too (such as {@code profile.cookie_controls_mode}). */
    public static Chromium start(List<String> arguments, Map<String, Object> preferences) {
        try {
            Path profile = Files.createTempDirectory("changebank-chromium-");
            LoggingPreferences logging = new LoggingPreferences();
            logging.enable(LogType.BROWSER, Level.ALL);
            ChromeOptions options = new ChromeOptions()
                    .setBinary(BROWSER.toFile())
                    .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-dev-shm-usage", "--user-data-dir=" + profile)
                    .addArguments(arguments);
            options.setCapability("goog:loggingPrefs", logging);
            options.setExperimentalOption("prefs", preferences);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            return new Chromium(service, options, profile);
        } catch (IOException e) {
            throw new UncheckedIOException("No temporary directory for Chromium's profile", e);
        }
    }

    /** The console's errors since the last call: failed loads, script errors, refused content. */
    public List<String> consoleErrors() {
        return manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /**
     * Gives pages a viewport of exactly this size, as a screen of that size would. Not by resizing the window: its
     * size counts browser bars that headless Chromium does not draw, and it reports them wrongly after some
     * navigations.
     */
    public void resizeViewport(Dimension viewport) {
        executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", viewport.width, "height", viewport.height, "deviceScaleFactor", 1, "mobile", false));
    }

    @Override
    public void quit() {
        try {
            super.quit();
        } finally {
            delete(profile);
        }
    }

    private static Path path(String property, String debians) {
        String path = System.getProperty(property, "");
        return Path.of(path.isBlank() ? debians : path);
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete Chromium's profile " + directory, e);
        }
    }
}

package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.changebank.support.Chromium;
import com.changebank.support.Keycloak;
import com.changebank.support.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A user's visit in a real browser: log in on Keycloak's form, make change, get an amount refused, log out. Every
 * page must load its pictures, fit the screen and leave the console without errors; its screenshots at desktop and
 * phone sizes go to target/screenshots.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserJourneyIT {

    private static final String EMAIL = "richard@example.com";
    private static final String PASSWORD = "password";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<Dimension> SIZES = List.of(new Dimension(1280, 800), new Dimension(390, 844));

    private final String app = TestServers.app();
    private Keycloak keycloak;
    private Chromium browser;
    private WebDriverWait wait;
    private int pages;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestServers.war();
    }

    @BeforeEach
    void openBrowser() {
        Chromium.assumeInstalled();
        keycloak = TestServers.keycloak();
        browser = Chromium.start();
        browser.resizeViewport(SIZES.get(0));
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void logInMakeChangeAndLogOut() throws IOException {
        browser.get(app);
        assertEquals("Welcome to ChangeBank", text("h1"));
        assertEquals(List.of("Home", "About", "Services", "Products"), texts("nav.menu > *"));
        page("home");

        follow("header a.button", "Log in");
        wait.until(ExpectedConditions.urlContains(keycloak.issuer() + "/protocol/openid-connect/auth"));
        page("provider-login");
        find("#username").sendKeys(EMAIL);
        find("#password").sendKeys(PASSWORD);
        follow("#kc-login", "Sign In");

        wait.until(ExpectedConditions.urlToBe(app + "account"));
        assertEquals("Your balance", text("h1"));
        assertEquals("$0.00", text(".balance"));
        assertEquals(EMAIL, text(".account-email"));
        assertEquals(EMAIL, text("header .email"));
        assertEquals(List.of("Account", "Make Change"), texts("nav.menu > a"));
        page("account");

        follow("nav.menu a[href$='/make-change']", "Make Change");
        assertEquals(app + "make-change", browser.getCurrentUrl());
        assertEquals("Make change", text("h1"));
        assertEquals("0.00", value("#amount"));
        assertEquals(List.of(), texts(".result, .error"), "no message before an amount is sent");
        page("make-change");

        makeChange("1,234.57");
        assertEquals("We can make change for $1,234.57 with 24,691 nickels and 2 pennies!", text(".result"));
        assertEquals("1,234.57", value("#amount"));
        page("change-made");

        makeChange("abc");
        assertEquals("Please enter a dollar amount, like 12.34.", text(".error"));
        assertEquals("abc", value("#amount"));
        assertEquals(List.of(), texts(".result"));
        // The refused amount comes back with status 400, which the console reports as a failed load.
        page("amount-refused",
                app + "make-change - Failed to load resource: the server responded with a status of 400 (Bad Request)");

        browser.get(app + "logout");
        assertEquals("Log out", text("h1"));
        assertEquals("Log out of ChangeBank and of the login provider?", text(".content p"));
        page("logout");

        follow("header form.logout button", "Log out");
        wait.until(ExpectedConditions.urlToBe(app));
        assertEquals("Welcome to ChangeBank", text("h1"));
        assertEquals("Log in", text("header a.button"));
        assertEquals(List.of(), texts("header .email"));
        page("logged-out");
    }

    private void makeChange(String amount) {
        WebElement field = find("#amount");
        field.clear();
        field.sendKeys(amount);
        follow("form.change-form button", "Make Change");
        assertEquals(app + "make-change", browser.getCurrentUrl());
    }

    /** Clicks the link or button showing {@code label} and waits for the next page. */
    private void follow(String cssQuery, String label) {
        WebElement target = find(cssQuery);
        assertEquals(label, target.getText());
        WebElement current = find("html");
        target.click();
        wait.until(ExpectedConditions.stalenessOf(current));
    }

    /**
     * Checks what every page owes its users, and saves it at each size as NN-name-WIDTHxHEIGHT.png. The console must
     * hold no errors but the {@code expectedConsoleErrors}.
     */
    private void page(String name, String... expectedConsoleErrors) throws IOException {
        pages++;
        Files.createDirectories(SCREENSHOTS);
        for (Dimension size : SIZES) {
            browser.resizeViewport(size);
            String where = browser.getCurrentUrl() + " at " + size.width + "x" + size.height;
            assertEquals(size.width + "x" + size.height, script("return innerWidth + 'x' + innerHeight"), where);
            assertEquals(true, script("return document.documentElement.scrollWidth <= innerWidth"),
                    "wider than the screen: " + where);
            assertEquals(true, script("return [...document.images].every(image => image.naturalWidth > 0)"),
                    "a picture did not load: " + where);
            Path png = SCREENSHOTS.resolve(String.format("%02d-%s-%dx%d.png", pages, name, size.width, size.height));
            Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
        }
        browser.resizeViewport(SIZES.get(0));
        assertEquals(List.of(expectedConsoleErrors), browser.consoleErrors(),
                "console errors on " + browser.getCurrentUrl());
    }

    private WebElement find(String cssQuery) {
        return browser.findElement(By.cssSelector(cssQuery));
    }

    private String text(String cssQuery) {
        return find(cssQuery).getText();
    }

    private List<String> texts(String cssQuery) {
        return browser.findElements(By.cssSelector(cssQuery)).stream().map(WebElement::getText).toList();
    }

    private String value(String cssQuery) {
        return find(cssQuery).getDomProperty("value");
    }

    private Object script(String javaScript) {
        return browser.executeScript(javaScript);
    }
}

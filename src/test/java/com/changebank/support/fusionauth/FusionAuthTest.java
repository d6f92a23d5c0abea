package com.changebank.support.fusionauth;

import com.changebank.security.ProviderReadinessCheck;
import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.TestServers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the client tests that log in through the {@link FusionAuthStandIn}: ChangeBank deployed with the
 * stand-in as its provider, which runs on the port the build reserved while the class's tests run.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class FusionAuthTest {

    /** The hosted login page's form. */
    public static final String LOGIN_FORM = "form[action=/oauth2/authorize]";

    protected static FusionAuthStandIn provider;
    protected final String app = TestServers.app();

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return withStandIn(TestServers.war());
    }

    /** The stand-in's issuer, in a configuration file of the deployment that outranks the build's -DISSUER. */
    public static WebArchive withStandIn(WebArchive war) {
        return withIssuer(war, origin());
    }

    /** {@code issuer} in a configuration file of the deployment that outranks the build's -DISSUER. */
    public static WebArchive withIssuer(WebArchive war, String issuer) {
        return war.addAsResource(new StringAsset("config_ordinal=500\nISSUER=" + issuer + "\n"),
                "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    static void startProvider() {
        provider = FusionAuthStandIn.start(port(), TestServers.app());
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    /** Starts the provider again after a test stopped it. */
    protected static void restartProvider() {
        provider = FusionAuthStandIn.start(port(), TestServers.app());
    }

    /**
     * Waits until ChangeBank's readiness check no longer remembers the provider as up, so that the next {@code /login}
     * or readiness probe asks it again: for a test that has just taken the provider down.
     */
    public static void untilTheProviderIsAskedAgain() {
        try {
            Thread.sleep(ProviderReadinessCheck.UP_REMEMBERED.toMillis() + 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Logs in through the hosted login form as the kickstart's user, keeping an SSO session at the provider. */
    protected Page logIn(Browser browser) {
        return logIn(browser, app + "login", provider.user());
    }

    /** Follows {@code start} to the provider's login form and logs in as {@code user}, with "Keep me signed in". */
    public static Page logIn(Browser browser, String start, FusionAuthStandIn.User user) {
        return submitLogin(browser, browser.get(start), user, true);
    }

    /** Submits the login form of {@code page} as {@code user}, with "Keep me signed in" or without. */
    public static Page submitLogin(Browser browser, Page page, FusionAuthStandIn.User user, boolean keepSignedIn) {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("loginId", user.email(), "password", user.password()));
        if (keepSignedIn) {
            fields.put("rememberDevice", "true");
        }
        return browser.submit(page.form(LOGIN_FORM), fields);
    }

    /**
     * What a browser does on the provider's logout page: it loads each iframe (the applications' logout URLs), then
     * follows the meta refresh. The page where it ends.
     */
    public static Page throughLogoutPage(Browser browser, Page logoutPage) {
        Element refresh = logoutPage.document().selectFirst("meta[http-equiv=Refresh]");
        if (refresh == null) {
            throw new AssertionError("No meta refresh on " + logoutPage.uri() + ":\n" + logoutPage.body());
        }
        logoutPage.document().select("iframe[src]").forEach(frame -> browser.get(frame.absUrl("src")));
        String target = refresh.attr("content").replaceFirst("^\\d+; *url=", "");
        return browser.get(logoutPage.uri().resolve(target).toString());
    }

    private static String origin() {
        return "http://localhost:" + port();
    }

    private static int port() {
        return Integer.getInteger("it.fusionauth.port");
    }
}

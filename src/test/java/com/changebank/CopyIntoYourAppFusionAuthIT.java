package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.copy.CopiedApp;
import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.TestServers;
import com.changebank.support.fusionauth.FusionAuthStandIn;
import com.changebank.support.fusionauth.FusionAuthTest;
import java.net.URI;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The copied login of {@link CopyIntoYourAppIT}, through the FusionAuth stand-in: its hosted form and logout page. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CopyIntoYourAppFusionAuthIT {

    private static FusionAuthStandIn provider;
    private final String app = TestServers.app();
    private final Browser browser = new Browser();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return FusionAuthTest.withStandIn(CopiedApp.war());
    }

    @BeforeAll
    static void startProvider() {
        provider = FusionAuthStandIn.start(Integer.getInteger("it.fusionauth.port"), TestServers.app());
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void theOwnPageLogsInThroughTheHostedFormAndLogsOutOfFusionAuth() {
        logInAndOut(browser, app, provider);
    }

    /** The developer's page: FusionAuth's hosted form, the page, logout revoking the refresh token, a new login. */
    static void logInAndOut(Browser browser, String app, FusionAuthStandIn provider) {
        Page hello = FusionAuthTest.logIn(browser, app + "private/hello", provider.user());
        assertEquals(URI.create(app + "private/hello"), hello.uri(), () -> "redirects: " + hello.redirects());
        assertEquals("Hello, " + provider.user().email(), hello.document().selectFirst("#hello").text());

        long live = provider.liveRefreshTokens(provider.user().id());
        Page logout = browser.get(app + "logout");
        Page logoutPage = browser.submit(logout.form("form.logout"), Map.of());
        assertTrue(logoutPage.uri().toString().startsWith(provider.origin() + "/oauth2/logout"),
                () -> "at FusionAuth's logout: " + logoutPage.uri());
        assertEquals(live - 1, provider.liveRefreshTokens(provider.user().id()), "the login's refresh token is gone");
        Page again = browser.get(app + "private/hello");
        assertTrue(again.uri().toString().startsWith(provider.origin() + "/oauth2/authorize"),
                () -> "logged out: a new login at " + again.uri());
    }
}

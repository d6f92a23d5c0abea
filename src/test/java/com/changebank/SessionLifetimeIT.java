package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The absolute lifetime of a login ({@code SESSION_LIFETIME_SECONDS}), here a few seconds, through the FusionAuth
 * stand-in: however active the user, past it the session and its refresh token end, and the next page is a new
 * login (completed by the provider's single sign-on), never an error.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SessionLifetimeIT {

    private static final int LIFETIME_SECONDS = 4;

    private static FusionAuthStandIn provider;
    private final String app = TestServers.app();
    private final Browser browser = new Browser();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestServers.war().addAsResource(new StringAsset("config_ordinal=500\nISSUER=http://localhost:"
                + Integer.getInteger("it.fusionauth.port") + "\nSESSION_LIFETIME_SECONDS=" + LIFETIME_SECONDS + "\n"),
                "META-INF/microprofile-config.properties");
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
    void pastItsLifetimeTheNextPageIsANewLoginAndTheOldRefreshTokenIsRevoked() throws InterruptedException {
        Page account = FusionAuthTest.logIn(browser, app + "account", provider.user());
        assertEquals(URI.create(app + "account"), account.uri());
        assertTrue(browser.get(app + "account").redirects().isEmpty(), "within its lifetime: no new login");
        long logins = provider.tokenRequests("authorization_code");
        int revoked = provider.revocations().size();

        Thread.sleep(LIFETIME_SECONDS * 1000L + 500);
        Page again = browser.get(app + "account");
        assertEquals(200, again.status(), again::body);
        assertEquals(URI.create(app + "account"), again.uri());
        assertTrue(again.redirects().stream().anyMatch(uri -> uri.toString().startsWith(
                provider.origin() + "/oauth2/authorize")), () -> "a new login: " + again.redirects());
        assertEquals(logins + 1, provider.tokenRequests("authorization_code"), "one new code exchange");
        assertEquals(revoked + 1, provider.revocations().size(), () -> "the old refresh token: "
                + provider.revocations());
        assertEquals(200, provider.revocations().get(revoked).status(), () -> "revoked: " + provider.revocations());
    }

    /** A form posted past the lifetime: a new login, which ends on the form again, not on an error page. */
    @Test
    void aFormPostedPastItsLifetimeGetsTheFormBackAfterTheNewLogin() throws InterruptedException {
        FusionAuthTest.logIn(browser, app + "make-change", provider.user());
        Page form = browser.get(app + "make-change");
        Thread.sleep(LIFETIME_SECONDS * 1000L + 500);
        Page posted = browser.submit(form.form("form.change-form"), Map.of("amount", "0.30"));
        assertEquals(200, posted.status(), posted::body);
        assertEquals(URI.create(app + "make-change"), posted.uri(), () -> "redirects: " + posted.redirects());
        assertNotNull(posted.document().selectFirst("form.change-form"), "the form, to post again");
    }
}

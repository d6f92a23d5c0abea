package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.Keycloak;
import com.changebank.support.TestServers;
import java.net.URI;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A logged-out user opens two logged-in pages in two tabs, each showing Keycloak's login form, and logs in on the
 * first. The first tab lands on its page; reloading the second tab's form, the provider's single sign-on answers
 * without a form, and the second tab lands on its own page. Without {@code offline_access}: once Keycloak 26 has
 * issued an offline token, its session no longer signs the user in without the form (FusionAuth's does).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TwoTabsIT {

    private static Keycloak keycloak;
    private final String app = TestServers.app();
    private final Browser browser = new Browser();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestServers.war().addAsResource(new StringAsset("config_ordinal=500\nSCOPE=openid email profile\n"),
                "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    static void provider() {
        keycloak = TestServers.keycloak();
    }

    @Test
    void bothTabsEndOnTheirOwnPage() {
        Page firstTab = browser.get(app + "account");
        Page secondTab = browser.get(app + "make-change");
        assertNotNull(secondTab.document().selectFirst("form#kc-form-login"), "the provider's form in the second tab");
        Page account = browser.submit(firstTab.form("form#kc-form-login"),
                Map.of("username", "richard@example.com", "password", "password"));
        assertEquals(URI.create(app + "account"), account.uri(), () -> account.status() + " " + account.redirects());

        Page makeChange = browser.get(secondTab.uri().toString());
        assertEquals(URI.create(app + "make-change"), makeChange.uri(), () -> makeChange.status() + " "
                + makeChange.redirects() + " " + makeChange.document().select("h1").text());
        assertEquals("richard@example.com", makeChange.document().selectFirst("header .email").text());
        // From the provider's authorization endpoint straight back: its single sign-on answered without a form.
        assertTrue(secondTab.uri().toString().startsWith(keycloak.issuer() + "/protocol/openid-connect/auth"));
        assertTrue(makeChange.redirects().stream().anyMatch(uri -> uri.getPath().equals("/callback")),
                makeChange.redirects()::toString);
    }
}

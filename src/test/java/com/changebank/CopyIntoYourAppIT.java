package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.copy.CopiedApp;
import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.Keycloak;
import com.changebank.support.TestServers;
import java.net.URI;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/copy-into-your-app.md, followed to the letter: a WAR of only the files it lists, its web.xml fragment and a
 * protected page of the developer's own logs in through Keycloak's form, and logs out.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CopyIntoYourAppIT {

    private static final String EMAIL = "richard@example.com";

    private static Keycloak keycloak;
    private final String app = TestServers.app();
    private final Browser browser = new Browser();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return CopiedApp.war();
    }

    @BeforeAll
    static void provider() {
        keycloak = TestServers.keycloak();
    }

    @Test
    void theOwnPageLogsInThroughTheProvidersFormAndLogsOut() {
        Page form = browser.get(app + "private/hello");
        assertTrue(form.uri().toString().startsWith(keycloak.issuer()), () -> "at the provider: " + form.uri());
        assertTrue(Browser.query(form.uri()).get("code_challenge").matches("[A-Za-z0-9_-]{43}"), "with PKCE");

        Page hello = browser.submit(form.form("form#kc-form-login"), Map.of("username", EMAIL, "password", "password"));
        assertEquals(URI.create(app + "private/hello"), hello.uri(), () -> "redirects: " + hello.redirects());
        assertEquals("Hello, " + EMAIL, hello.document().selectFirst("#hello").text());

        Page logout = browser.get(app + "logout");
        Page after = browser.submit(logout.form("form.logout"), Map.of());
        assertTrue(after.redirects().stream().anyMatch(uri -> uri.toString()
                        .startsWith(keycloak.issuer() + "/protocol/openid-connect/logout")),
                () -> "through the provider's end-session endpoint: " + after.redirects());
        Page again = browser.get(app + "private/hello");
        assertNotNull(again.document().selectFirst("form#kc-form-login"), "logged out: the provider asks again");
    }
}

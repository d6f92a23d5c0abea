package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The control of {@link CrossSiteLogoutIT}: with the default {@code SESSION_COOKIE_SAME_SITE=Lax}, the browser keeps
 * the session cookie out of the provider's cross-site frame, and the user stays logged in.
 */
class CrossSiteLogoutLaxIT extends CrossSiteLogout {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deployment("Lax");
    }

    @Test
    void theSessionCookieIsSameSiteLax() throws Exception {
        List<String> attributes = sessionCookieAttributes();
        assertTrue(attributes.contains("secure"), attributes::toString);
        assertEquals(List.of("samesite=lax"), attributes.stream().filter(a -> a.startsWith("samesite")).toList());
    }

    @Test
    void theProvidersLogoutPageLeavesTheSession() {
        logInThenLogOutAtTheProvider("cross-site-logout-lax", browser -> {
            assertEquals(proxy.origin() + "/account", browser.getCurrentUrl());
            assertEquals(provider.user().email(), browser.findElement(By.cssSelector(".account-email")).getText());
        });
    }
}

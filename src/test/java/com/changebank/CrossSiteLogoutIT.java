package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** With {@code SESSION_COOKIE_SAME_SITE=None}, a logout at a provider on another site ends ChangeBank's session. */
class CrossSiteLogoutIT extends CrossSiteLogout {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deployment("None");
    }

    /** {@code SameSite=None}, once, and {@code Secure}, without which browsers drop the cookie. */
    @Test
    void theSessionCookieIsSameSiteNoneAndSecure() throws Exception {
        List<String> attributes = sessionCookieAttributes();
        assertTrue(attributes.contains("secure"), attributes::toString);
        assertEquals(List.of("samesite=none"), attributes.stream().filter(a -> a.startsWith("samesite")).toList());
    }

    @Test
    void theProvidersLogoutPageEndsTheSession() {
        logInThenLogOutAtTheProvider("cross-site-logout-none", browser -> {
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(ExpectedConditions.urlContains(provider.origin() + "/oauth2/authorize"));
            assertTrue(browser.findElement(By.name("loginId")).isDisplayed(), "the provider's login form");
        });
    }
}

package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.fusionauth.FusionAuthStandIn.Fault;
import com.changebank.support.fusionauth.FusionAuthTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The provider failing while a user logs in or out: it accepts the connection and never answers, or a proxy in
 * front of it answers an error page. A login gets "Sign-in unavailable" within ten seconds, never a 500 or a hung
 * page, and the next login works once the provider answers again, without a restart; a logout ends in time.
 */
class ProviderFaultIT extends FusionAuthTest {

    /** What the issue promises a user; the defaults are a 2 s connect and a 5 s read time-out. */
    private static final Duration PROMISED = Duration.ofSeconds(10);

    private final Browser browser = new Browser();

    @AfterEach
    void providerAnswersAgain() {
        provider.fail(Fault.NONE);
    }

    /**
     * A token endpoint or a discovery document that never answers, a token endpoint's HTML error page; a discovery
     * document of another issuer, with a plain-http endpoint on another host, or too large to be one.
     */
    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"STALL_TOKEN", "STALL_DISCOVERY", "HTML_TOKEN_ERROR", "FOREIGN_ISSUER",
        "HTTP_TOKEN_ENDPOINT", "HUGE_DISCOVERY"})
    void aFailingProviderGivesSignInUnavailableInTime(Fault fault) {
        provider.fail(fault);
        untilTheProviderIsAskedAgain();
        assertSignInUnavailableInTime(() -> {
            Page login = browser.get(app + "login");
            return login.status() == 200 ? submitLogin(browser, login, provider.user(), false) : login;
        });
        provider.fail(Fault.NONE);
        assertEquals(URI.create(app + "account"), logIn(browser).uri(), "works again, no restart");
    }

    @Test
    void aRefreshThatNeverAnswersEndsTheSessionInTime() {
        provider.tokenLifetime(Duration.ofSeconds(5));
        try {
            assertEquals(URI.create(app + "account"), logIn(browser).uri());
            provider.fail(Fault.STALL_TOKEN);
            assertSignInUnavailableInTime(() -> browser.get(app + "account"));
        } finally {
            provider.defaultTokenLifetime();
        }
    }

    /**
     * The provider refusing or never answering the revocation at logout: the logout still ends the local session and
     * reaches the provider's logout page in time.
     */
    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"REVOCATION_UNAVAILABLE", "STALL_REVOCATION"})
    void aProviderFailingAtRevocationNeverHoldsUpTheLogout(Fault fault) {
        Page account = logIn(browser);
        provider.fail(fault);
        Instant start = Instant.now();
        Page logoutPage = browser.submit(account.form("header form.logout"), Map.of());
        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(PROMISED) < 0, "answered after " + took);
        assertEquals(200, logoutPage.status(), logoutPage::body);
        assertEquals(provider.origin() + "/oauth2/logout", logoutPage.uri().toString().replaceAll("\\?.*", ""));
        provider.fail(Fault.NONE);
        Page again = browser.step(app + "account");
        assertEquals(302, again.status(), "the local session ended");
    }

    private void assertSignInUnavailableInTime(Supplier<Page> attempt) {
        Instant start = Instant.now();
        Page page = attempt.get();
        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(PROMISED) < 0, "answered after " + took);
        assertEquals(503, page.status(), () -> page.uri() + " " + page.redirects() + "\n" + page.body());
        assertEquals("Sign-in unavailable", page.document().selectFirst("h1").text());
        assertFalse(page.body().contains("Exception") || page.body().contains("Bad Gateway"), "nothing of the cause");
    }
}

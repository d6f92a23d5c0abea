package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.fusionauth.FusionAuthTest;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The browser protections on each kind of answer: a public page, a logged-in page, a static file, error pages, the
 * login's callback, the logout pages and the front-channel logout, which the provider alone may frame. HSTS over
 * HTTPS is in {@code ChangeBankIT} (the server's own TLS) and {@code TlsProxyIT} (behind a proxy).
 */
class SecurityHeadersIT extends FusionAuthTest {

    private final Browser browser = new Browser();

    @Test
    void everyKindOfAnswerCarriesThePolicies() {
        Page home = browser.step(app);
        assertProtected(home, false);
        assertEquals(Optional.empty(), home.headers().firstValue("Cache-Control"), "a public page may be cached");
        assertProtected(browser.step(app + "static/changebank.css"), false);
        assertEquals(404, assertProtected(browser.get(app + "no-such-page"), false).status());

        Page refused = assertProtected(browser.get(app + "callback?code=forged&state=forged"), false);
        assertEquals(401, refused.status());
        assertNoStore(refused);

        logIn(browser);
        Page account = assertProtected(browser.step(app + "account"), false);
        assertEquals(200, account.status());
        assertNoStore(account);
        Page css = assertProtected(browser.step(app + "static/changebank.css"), false);
        assertTrue(css.headers().allValues("Cache-Control").stream().noneMatch(v -> v.contains("no-store")),
                "the style sheet holds nothing of the user's, and stays cacheable");
        assertNoStore(assertProtected(browser.step(app + "logout"), false));
        assertNoStore(assertProtected(browser.step(app + "logout/local"), true));
        assertEquals(List.of(), browser.step(app).headers().allValues("Strict-Transport-Security"), "not over HTTP");
    }

    /** CSP without script, nothing framed but the front-channel logout (by the provider only), no sniffing. */
    private Page assertProtected(Page page, boolean frontChannel) {
        HttpHeaders headers = page.headers();
        String where = page.uri() + " (" + page.status() + ")";
        String csp = headers.firstValue("Content-Security-Policy").orElseThrow(() -> new AssertionError("no CSP: "
                + where));
        for (String directive : List.of("default-src 'none'", "script-src 'none'", "base-uri 'none'",
                "form-action 'self' " + provider.origin())) {
            assertTrue(csp.contains(directive), () -> where + ": " + csp);
        }
        assertTrue(csp.contains(frontChannel ? "frame-ancestors " + provider.origin() : "frame-ancestors 'none'"),
                () -> where + ": " + csp);
        assertEquals(frontChannel ? List.of() : List.of("DENY"), headers.allValues("X-Frame-Options"), where);
        assertEquals(List.of("nosniff"), headers.allValues("X-Content-Type-Options"), where);
        assertEquals(List.of("same-origin"), headers.allValues("Referrer-Policy"), where);
        return page;
    }

    private static void assertNoStore(Page page) {
        assertEquals(List.of("no-store"), page.headers().allValues("Cache-Control"), page.uri()::toString);
    }
}

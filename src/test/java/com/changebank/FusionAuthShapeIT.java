package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.StubFusionAuth;
import com.changebank.support.StubFusionAuthTest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ChangeBank against FusionAuth-shaped metadata (we cannot run FusionAuth here): the recorded discovery document,
 * an issuer without a path, {@code /oauth2/logout} as end-session endpoint, RS256 tokens and refresh tokens.
 */
class FusionAuthShapeIT extends StubFusionAuthTest {

    private final Browser browser = new Browser();

    @Test
    void logsInThroughTheEndpointsOfTheDiscoveryDocument() {
        Page account = browser.get(app + "login");
        assertEquals(URI.create(app + "account"), account.uri(), () -> "redirects: " + account.redirects());
        assertEquals(StubFusionAuth.EMAIL, account.document().selectFirst(".account-email").text());

        URI authorize = account.redirects().stream()
                .filter(uri -> uri.toString().startsWith(issuer() + "/oauth2/authorize?")).findFirst()
                .orElseThrow(() -> new AssertionError("no authorization request in " + account.redirects()));
        Map<String, String> query = Browser.query(authorize);
        assertEquals(StubFusionAuth.CLIENT_ID, query.get("client_id"));
        assertEquals(app + "callback", query.get("redirect_uri"));
        assertEquals("code", query.get("response_type"));
        assertEquals("openid email profile offline_access", query.get("scope"));
        assertTrue(query.containsKey("state") && query.containsKey("nonce"), query::toString);
        assertTrue(query.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), "a base64url SHA-256: " + query);
        assertEquals("S256", query.get("code_challenge_method"));
        assertTrue(provider.requests().stream().anyMatch(r -> r.startsWith("GET /.well-known/jwks.json")),
                "the ID token's signature was checked against the provider's keys");
        assertTrue(provider.requests().stream().anyMatch(r -> r.equals("GET /oauth2/userinfo")),
                "the account page's claims came from the userinfo endpoint");
    }

    /**
     * Two tabs start a login each before either comes back: both come back logged in, each to the page that asked,
     * the first with the login it started and the second, arriving logged in, without a new one.
     */
    @Test
    void loginsStartedInTwoTabsBothEndOnTheirOwnPage() {
        String firstTab = browser.step(app + "account").headers().firstValue("Location").orElseThrow();
        String secondTab = browser.step(app + "make-change").headers().firstValue("Location").orElseThrow();
        assertEquals(URI.create(app + "account"), browser.get(firstTab).uri());
        long codeExchanges = provider.tokenRequests("authorization_code");
        assertEquals(URI.create(app + "make-change"), browser.get(secondTab).uri());
        assertEquals(codeExchanges, provider.tokenRequests("authorization_code"), "already logged in: no exchange");
    }

    @Test
    void logoutGoesThroughFusionAuthsLogoutEndpoint() {
        Page account = browser.get(app + "login");
        Page home = browser.submit(account.form("header form.logout"), Map.of());
        assertEquals(URI.create(app), home.uri());

        URI logout = home.redirects().get(0);
        assertEquals(issuer() + "/oauth2/logout", logout.toString().replaceAll("\\?.*", ""));
        Map<String, String> query = Browser.query(logout);
        assertEquals(StubFusionAuth.CLIENT_ID, query.get("client_id"));
        assertEquals(app, query.get("post_logout_redirect_uri"));
        assertEquals(3, query.get("id_token_hint").split("\\.").length, "the ID token, a JWT");
        assertEquals("Log in", home.document().selectFirst("header a.button").text());
    }

    @Test
    void expiredTokensAreRefreshed() {
        provider.tokenLifetime(Duration.ofSeconds(5));
        try {
            browser.get(app + "login");
            long refreshesBefore = refreshes();
            Page account = browser.get(app + "account");
            assertEquals(200, account.status());
            assertEquals(URI.create(app + "account"), account.uri(), "still logged in, no new login");
            assertTrue(account.redirects().isEmpty(), () -> "no new login through the provider: " + account.redirects());
            assertTrue(refreshes() > refreshesBefore, "the mechanism used the refresh token");
        } finally {
            provider.tokenLifetime(Duration.ofHours(1));
        }
    }

    @Test
    void aRevokedRefreshTokenSendsTheUserThroughTheProviderAgain() {
        provider.tokenLifetime(Duration.ofSeconds(5));
        try {
            browser.get(app + "login");
            provider.revokeRefreshTokens();
            Page page = browser.get(app + "account");
            assertTrue(page.redirects().stream().anyMatch(uri -> uri.toString().startsWith(issuer() + "/oauth2/authorize?")),
                    () -> "sent to the provider's login: " + page.status() + " " + page.redirects());
            assertEquals(200, page.status(), page::body);
            assertEquals(URI.create(app + "account"), page.uri(), "logged in again by the provider's single sign-on");
        } finally {
            provider.tokenLifetime(Duration.ofHours(1));
        }
    }

    private long refreshes() {
        return provider.tokenRequests("refresh_token");
    }
}

package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.fusionauth.FusionAuthStandIn.Fault;
import com.changebank.support.fusionauth.FusionAuthStandIn.Revocation;
import com.changebank.support.fusionauth.FusionAuthTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ChangeBank's whole journey through the FusionAuth stand-in (see its package for what it follows of FusionAuth's
 * documentation): the documented discovery document, which lists only {@code openid} and {@code offline_access};
 * the hosted login form; Strict scope handling; reusable refresh tokens; the logout page with its iframe.
 */
class FusionAuthIT extends FusionAuthTest {

    private final Browser browser = new Browser();

    @AfterEach
    void honestProvider() {
        provider.fail(Fault.NONE);
        provider.defaultTokenLifetime();
        provider.providedScope("profile", true);
    }

    @Test
    void logsInThroughTheFormWithTheDefaultScopesAndShowsTheEmail() {
        Page form = browser.get(app + "login");
        assertEquals(200, form.status());
        assertEquals(provider.origin() + "/oauth2/authorize", form.uri().toString().replaceAll("\\?.*", ""));
        URI authorize = form.uri();
        Map<String, String> query = Browser.query(authorize);
        assertEquals(provider.clientId(), query.get("client_id"));
        assertEquals(app + "callback", query.get("redirect_uri"));
        assertEquals("code", query.get("response_type"));
        assertEquals("openid email profile offline_access", query.get("scope"),
                "every scope asked for, although the discovery document lists only openid and offline_access");
        assertTrue(query.containsKey("state") && query.containsKey("nonce"), query::toString);
        assertTrue(query.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), "a base64url SHA-256: " + query);
        assertEquals("S256", query.get("code_challenge_method"));

        Page wrong = browser.submit(form.form(LOGIN_FORM),
                Map.of("loginId", provider.user().email(), "password", "no"));
        assertEquals(200, wrong.status());
        assertNotNull(wrong.document().selectFirst(LOGIN_FORM), "the form again");
        assertEquals("Invalid login credentials.", wrong.document().selectFirst(".alert").text());

        Page account = submitLogin(browser, wrong, provider.user(), false);
        assertEquals(URI.create(app + "account"), account.uri(), () -> "redirects: " + account.redirects());
        assertEquals(provider.user().email(), account.document().selectFirst(".account-email").text());
        assertTrue(provider.requests().stream().anyMatch(r -> r.startsWith("GET /.well-known/jwks.json")),
                "the ID token's signature was checked against the provider's keys");
        assertTrue(provider.requests().stream().anyMatch(r -> r.equals("GET /oauth2/userinfo")),
                "the account page's claims came from the userinfo endpoint");
    }

    /** A provider that truly refuses a scope (here FusionAuth with the profile scope disabled): the 401 page. */
    @Test
    void aRefusedScopeEndsOnTheLoginFailedPage() {
        provider.providedScope("profile", false);
        Page refused = browser.get(app + "login");
        URI callback = refused.redirects().stream().filter(uri -> uri.getPath().equals("/callback")).findFirst()
                .orElseThrow(() -> new AssertionError("not sent back: " + refused.redirects()));
        assertEquals("invalid_scope", Browser.query(callback).get("error"));
        assertEquals("unknown_scope", Browser.query(callback).get("error_reason"));
        assertEquals(401, refused.status(), refused::body);
        assertEquals("Login failed", refused.document().selectFirst("h1").text());
    }

    @Test
    void makesChange() {
        logIn(browser);
        Page form = browser.get(app + "make-change");
        Page result = browser.submit(form.form("form.change-form"), Map.of("amount", "1.07"));
        assertEquals(200, result.status(), result::body);
        assertEquals("We can make change for $1.07 with 21 nickels and 2 pennies!",
                result.document().selectFirst("p.result").text());
    }

    @Test
    void expiredTokensAreRefreshedWithTheSameReusableRefreshToken() {
        provider.tokenLifetime(Duration.ofSeconds(5));
        logIn(browser);
        long refreshesBefore = provider.tokenRequests("refresh_token");
        for (int i = 0; i < 2; i++) {
            Page account = browser.get(app + "account");
            assertEquals(200, account.status());
            assertEquals(URI.create(app + "account"), account.uri(), "still logged in, no new login");
            assertTrue(account.redirects().isEmpty(), () -> "no new login at the provider: " + account.redirects());
        }
        assertTrue(provider.tokenRequests("refresh_token") >= refreshesBefore + 2,
                "each page refreshed, the second with the refresh token of the login (Reusable: none was issued anew)");
    }

    /**
     * Two tabs start a login each before either comes back: the first logs in through the form (keeping an SSO
     * session), the second through the SSO session; both end on their own page, the second without a new exchange.
     */
    @Test
    void loginsStartedInTwoTabsBothEndOnTheirOwnPage() {
        String firstTab = browser.step(app + "account").headers().firstValue("Location").orElseThrow();
        String secondTab = browser.step(app + "make-change").headers().firstValue("Location").orElseThrow();
        Page account = submitLogin(browser, browser.get(firstTab), provider.user(), true);
        assertEquals(URI.create(app + "account"), account.uri());
        long codeExchanges = provider.tokenRequests("authorization_code");
        Page second = browser.get(secondTab);
        assertEquals(URI.create(app + "make-change"), second.uri(), "logged in by the SSO session, no form");
        assertEquals(codeExchanges, provider.tokenRequests("authorization_code"), "already logged in: no exchange");
    }

    @Test
    void logoutGoesThroughFusionAuthsLogoutPageAndANewLoginNeedsTheForm() {
        Page account = logIn(browser);
        Page logoutPage = browser.submit(account.form("header form.logout"), Map.of());
        assertEquals(provider.origin() + "/oauth2/logout", logoutPage.uri().toString().replaceAll("\\?.*", ""));
        assertEquals(200, logoutPage.status());
        Map<String, String> query = Browser.query(logoutPage.uri());
        assertEquals(provider.clientId(), query.get("client_id"));
        assertEquals(app, query.get("post_logout_redirect_uri"));
        assertEquals(3, query.get("id_token_hint").split("\\.").length, "the ID token, a JWT");
        Element frame = logoutPage.document().selectFirst("iframe");
        assertEquals(app + "logout/local", frame.absUrl("src"), "the kickstart's logoutURL");

        Page home = throughLogoutPage(browser, logoutPage);
        assertEquals(URI.create(app), home.uri());
        assertEquals("Log in", home.document().selectFirst("header a.button").text());
        Page again = browser.get(app + "account");
        assertNotNull(again.document().selectFirst(LOGIN_FORM), "no SSO session left: the form again");
    }

    /** The logout page's iframe alone (the user logged out of another application) ends ChangeBank's session. */
    @Test
    void theLogoutUrlAloneEndsTheLocalSession() {
        logIn(browser);
        browser.get(app + "logout/local");
        Page home = browser.get(app);
        assertEquals("Log in", home.document().selectFirst("header a.button").text());
    }

    /** Chromium's fetch metadata for the provider's logout page framing the logout URL from another site. */
    @Test
    void theLogoutUrlInTheProvidersFrameEndsTheLocalSessionAndAnswersNothing() {
        logIn(browser);
        Page framed = browser.get(app + "logout/local", Map.of("Sec-Fetch-Dest", "iframe",
                "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "cross-site"));
        assertEquals(204, framed.status());
        assertEquals("Log in", browser.get(app).document().selectFirst("header a.button").text());
    }

    /** A link to the logout URL on any site, followed: the user stays logged in, and the page says so. */
    @Test
    void aLinkToTheLogoutUrlLogsNobodyOut() {
        logIn(browser);
        List<Revocation> before = provider.revocations();
        for (String site : List.of("cross-site", "same-site", "same-origin", "none")) {
            Page page = browser.get(app + "logout/local", Map.of("Sec-Fetch-Dest", "document",
                    "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", site, "Sec-Fetch-User", "?1"));
            assertEquals(200, page.status(), site);
            assertEquals(URI.create(app + "logout/local"), page.uri(), site);
            assertEquals("You are still logged in: a link cannot log you out of ChangeBank.",
                    page.document().selectFirst(".not-logged-out").text(), site);
            assertNotNull(page.document().selectFirst("main form.logout"), "the way to log out: " + site);
        }
        Page image = browser.get(app + "logout/local", Map.of("Sec-Fetch-Dest", "image", "Sec-Fetch-Mode", "no-cors",
                "Sec-Fetch-Site", "cross-site"));
        assertEquals(200, image.status(), "an <img> on another site ends nothing either");
        Page account = browser.get(app + "account");
        assertEquals(URI.create(app + "account"), account.uri());
        assertTrue(account.redirects().isEmpty(), () -> "still logged in: " + account.redirects());
        assertEquals(before, provider.revocations(), "nothing revoked");
    }

    /** The mechanism asks the userinfo endpoint once a login, at the callback, and keeps the claims. */
    @Test
    void aUserinfoRefusalEndsTheSessionWithTheLoginPageNotAServerError() {
        provider.fail(Fault.USERINFO_REFUSES);
        Page refused = logIn(browser);
        assertEquals(401, refused.status(), refused::body);
        assertEquals("Login failed", refused.document().selectFirst("h1").text());
        assertTrue(refused.document().select("main a").eachAttr("abs:href").contains(app + "login"), "a way back in");
        provider.fail(Fault.NONE);
        Page again = browser.step(app + "account");
        assertEquals(302, again.status(), "the local session ended");
        assertEquals(URI.create(app + "account"), browser.get(app + "login").uri(), "a new login, by the SSO session");
    }

    @Test
    void aRevokedRefreshTokenSendsTheUserThroughTheProviderAgain() {
        provider.tokenLifetime(Duration.ofSeconds(5));
        logIn(browser);
        provider.revokeRefreshTokens();
        Page page = browser.get(app + "account");
        String authorize = provider.origin() + "/oauth2/authorize?";
        assertTrue(page.redirects().stream().anyMatch(uri -> uri.toString().startsWith(authorize)),
                () -> "sent to the provider's login: " + page.status() + " " + page.redirects());
        assertEquals(200, page.status(), page::body);
        assertEquals(URI.create(app + "account"), page.uri(), "logged in again by the provider's SSO session");
    }

    @Test
    void withoutKeepMeSignedInTheNextLoginNeedsTheFormAgain() {
        Page account = submitLogin(browser, browser.get(app + "login"), provider.user(), false);
        assertEquals(URI.create(app + "account"), account.uri());
        assertNull(browser.cookie("localhost", "fusionauth.sso"), "no SSO session");
        browser.get(app + "logout/local");
        assertNotNull(browser.get(app + "login").document().selectFirst(LOGIN_FORM), "the form again");
    }
}

package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.fusionauth.FusionAuthStandIn.Fault;
import com.changebank.support.fusionauth.FusionAuthStandIn.Forgery;
import com.changebank.support.fusionauth.FusionAuthStandIn.User;
import com.changebank.support.fusionauth.FusionAuthTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks on the login, through a provider that signs whatever the test asks for: forged ID tokens, forged and
 * replayed callbacks, open redirects, and the provider going away. Each must end on the app's own page, with
 * nobody logged in and no 5xx.
 */
class AttackIT extends FusionAuthTest {

    private final Browser browser = new Browser();

    @AfterEach
    void honestProvider() {
        provider.forge(Forgery.NONE);
        provider.defaultTokenLifetime();
    }

    @ParameterizedTest
    @EnumSource(value = Forgery.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void forgedIdTokensAreRefused(Forgery forgery) {
        provider.forge(forgery);
        Page page = logIn(browser);
        assertTrue(page.redirects().stream().anyMatch(uri -> uri.getPath().equals("/callback")), "went back to the app");
        assertLoginFailed(page);
        assertLoggedOut();
    }

    /**
     * The ID token of a refresh is held to the login's algorithm too: the mechanism would verify an HS256 token with
     * the client secret as the key, and take an unsigned one.
     */
    @ParameterizedTest
    @EnumSource(value = Forgery.class, names = {"HS256_CLIENT_SECRET", "ALG_NONE"})
    void forgedIdTokensOfARefreshAreRefused(Forgery forgery) {
        provider.tokenLifetime(Duration.ofSeconds(5));
        assertEquals(URI.create(app + "account"), logIn(browser).uri());
        long refreshes = provider.tokenRequests("refresh_token");
        provider.forge(forgery);
        Page page = browser.get(app + "account");
        assertEquals(refreshes + 1, provider.tokenRequests("refresh_token"), "the page refreshed the tokens");
        assertLoginFailed(page);
        provider.forge(Forgery.NONE);
        provider.defaultTokenLifetime();
        assertLoggedOut();
    }

    @Test
    void theHonestTokenIsAccepted() {
        Page account = logIn(browser);
        assertEquals(URI.create(app + "account"), account.uri(), "the attacks fail for their forgery, not always");
    }

    @Test
    void callbackWithAStateThatIsNotTheLoginsIsRefused() {
        Page toProvider = browser.step(app + "account");
        assertEquals(302, toProvider.status());
        assertLoginFailed(browser.get(app + "callback?code=any&state=forged-state"));
        assertLoggedOut();
    }

    @Test
    void callbackWithoutALoginUnderWayIsRefused() {
        assertLoginFailed(browser.get(app + "callback?code=any&state=any"));
        assertLoginFailed(browser.get(app + "?code=any&state=any"));
        assertLoggedOut();
    }

    @Test
    void replayedCallbackIsRefused() {
        URI callback = callbackOf(logIn(browser));
        Browser attacker = new Browser();
        assertLoginFailed(attacker.get(callback.toString()));
        assertLoggedOut(attacker);
    }

    @Test
    void reusedAuthorizationCodeIsRefused() {
        String usedCode = Browser.query(callbackOf(logIn(browser))).get("code");
        Browser attacker = new Browser();
        URI authorize = URI.create(attacker.step(app + "account").headers().firstValue("Location").orElseThrow());
        String state = Browser.query(authorize).get("state");
        assertLoginFailed(attacker.get(app + "callback?code=" + usedCode + "&state=" + state));
        assertLoggedOut(attacker);
    }

    @Test
    void callbackWithoutCodeIsRefused() {
        URI authorize = URI.create(browser.step(app + "account").headers().firstValue("Location").orElseThrow());
        assertLoginFailed(browser.get(app + "callback?state=" + Browser.query(authorize).get("state")));
        assertLoggedOut();
    }

    @Test
    void providerErrorIsShownAsAFailedLogin() {
        URI authorize = URI.create(browser.step(app + "account").headers().firstValue("Location").orElseThrow());
        String state = Browser.query(authorize).get("state");
        assertLoginFailed(browser.get(app + "callback?error=access_denied&error_description=denied&state=" + state));
        assertLoggedOut();
    }

    @ParameterizedTest
    @ValueSource(strings = {"login?next=http://attacker.example/", "login?redirect_uri=http://attacker.example/",
        "callback?returnTo=http://attacker.example/", "logout?post_logout_redirect_uri=http://attacker.example/",
        "?url=http://attacker.example/", "logout/local?url=//attacker.example/", "//attacker.example/",
        "account?redirect=http://attacker.example/"})
    void noParameterRedirectsToAnotherSite(String path) {
        Page page = browser.get(app + path);
        for (URI uri : page.redirects()) {
            assertTrue(uri.toString().startsWith(app) || uri.toString().startsWith(provider.origin() + "/"),
                    "redirected to " + uri);
        }
        assertTrue(page.status() < 500, "status " + page.status());
    }

    @Test
    void markupInTheUsersClaimsIsShownAsText() {
        String email = "\"><script>alert('x')</script><b title=\"@example.com";
        User user = provider.register("00000000-0000-0000-0000-222222222222", email);
        Page account = logIn(browser, app + "login", user);
        assertEquals(URI.create(app + "account"), account.uri());
        assertEquals(email, account.document().selectFirst(".account-email").text());
        assertEquals(email, account.document().selectFirst("header .email").text());
        assertTrue(account.document().select("script").isEmpty(), "no script element made of the claim");
        assertFalse(account.body().contains("<script>alert"), "escaped in the HTML");
    }

    @Test
    void sessionIdChangesAtLogin() {
        // A protected page opens the session that keeps the login under way: the id an attacker could plant.
        browser.step(app + "account");
        String before = browser.cookie("localhost", "JSESSIONID");
        assertNotNull(before, "a session before the login");
        logIn(browser);
        String after = browser.cookie("localhost", "JSESSIONID");
        assertNotNull(after);
        assertFalse(before.equals(after), "the session id changes at login");
    }

    /** PKCE (RFC 7636): every login sends its own S256 challenge of a 256-bit verifier. */
    @Test
    void everyLoginHasItsOwnS256Challenge() {
        Map<String, String> first = Browser.query(authorizationRequest(browser));
        Map<String, String> second = Browser.query(authorizationRequest(new Browser()));
        for (Map<String, String> login : List.of(first, second)) {
            assertEquals("S256", login.get("code_challenge_method"), login::toString);
            assertTrue(login.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), login::toString);
        }
        assertNotEquals(first.get("code_challenge"), second.get("code_challenge"));
        assertNotEquals(first.get("state"), second.get("state"));
    }

    @Test
    void aVerifierThatDoesNotMatchTheChallengeFailsTheLogin() {
        provider.fail(Fault.WRONG_CHALLENGE);
        try {
            assertLoginFailed(logIn(browser));
        } finally {
            provider.fail(Fault.NONE);
        }
        assertLoggedOut();
    }

    /**
     * What PKCE is for: an attacker who got hold of a user's authorization code (from a log, a leaky redirect) and
     * brings it to the app in a login of their own. The app exchanges it with the attacker's login's verifier,
     * which does not match the user's challenge: the provider refuses, and the attacker is not logged in as the user.
     */
    @Test
    void aStolenCodeInAnotherLoginIsRefused() {
        String stolenCode = Browser.query(victimsCallback()).get("code");
        String attackersState = Browser.query(authorizationRequest(browser)).get("state");
        assertLoginFailed(browser.get(app + "callback?code=" + stolenCode + "&state=" + attackersState));
        assertLoggedOut();
    }

    @Test
    void aTokenRequestWithoutTheVerifierIsRefusedByTheProvider() {
        Page refused = new Browser().post(provider.origin() + "/oauth2/token", Map.of(
                "grant_type", "authorization_code", "code", Browser.query(victimsCallback()).get("code"),
                "redirect_uri", app + "callback",
                "client_id", provider.clientId(), "client_secret", provider.clientSecret()));
        assertEquals(400, refused.status(), refused::body);
        assertTrue(refused.body().contains("missing_code_verifier"), refused::body);
    }

    @Test
    void providerDownGivesSignInUnavailableAndRecovers() {
        provider.close();
        untilTheProviderIsAskedAgain();
        try {
            Page unavailable = browser.get(app + "login");
            assertEquals(503, unavailable.status());
            assertEquals("Sign-in unavailable", unavailable.document().selectFirst("h1").text());
            assertRetryLink(unavailable);
        } finally {
            restartProvider();
        }
        assertEquals(URI.create(app + "account"), logIn(browser).uri(), "works again, no restart");
    }

    /**
     * The callback address, code and all, that the provider sends a victim's browser to: the victim logged in before
     * and kept an SSO session at the provider, so a new login of theirs goes straight back with a code.
     */
    private URI victimsCallback() {
        Browser victim = new Browser();
        logIn(victim);
        victim.get(app + "logout/local");
        Page toCallback = victim.step(authorizationRequest(victim).toString());
        assertEquals(302, toCallback.status(), toCallback::body);
        return URI.create(toCallback.headers().firstValue("Location").orElseThrow());
    }

    /** The address a protected page sends a logged-out browser to: the provider's authorization endpoint. */
    private URI authorizationRequest(Browser who) {
        Page toProvider = who.step(app + "account");
        assertEquals(302, toProvider.status());
        return URI.create(toProvider.headers().firstValue("Location").orElseThrow());
    }

    private static URI callbackOf(Page login) {
        return login.redirects().stream().filter(uri -> uri.getPath().equals("/callback")).findFirst()
                .orElseThrow(() -> new AssertionError("no callback in " + login.redirects()));
    }

    private static void assertLoginFailed(Page page) {
        assertEquals(401, page.status(), () -> page.uri() + "\n" + page.body());
        assertEquals("Login failed", page.document().selectFirst("h1").text());
        assertRetryLink(page);
        assertFalse(page.body().contains("Exception") || page.body().contains("at org."), "no stack trace");
    }

    private static void assertRetryLink(Page page) {
        List<String> links = page.document().select("main a").eachAttr("abs:href");
        assertTrue(links.stream().anyMatch(link -> link.endsWith("/login")), () -> "a way to retry: " + links);
    }

    private void assertLoggedOut() {
        assertLoggedOut(browser);
    }

    /** The account page is not shown: the mechanism sends the browser to the provider instead. */
    private void assertLoggedOut(Browser who) {
        Page account = who.step(app + "account");
        assertEquals(302, account.status(), "not logged in");
        String location = account.headers().firstValue("Location").orElse("");
        assertTrue(location.startsWith(provider.origin() + "/oauth2/authorize"), location);
    }
}

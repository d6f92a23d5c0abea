package com.changebank.platform.openid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.platform.openid.Fakes.Invocation;
import com.changebank.platform.openid.Fakes.Request;
import com.changebank.platform.openid.Fakes.Response;
import com.changebank.platform.openid.Fakes.Session;
import com.changebank.platform.openid.Fakes.Settings;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.authentication.mechanism.http.openid.OpenIdConstant;
import jakarta.security.enterprise.identitystore.openid.AccessToken;
import jakarta.security.enterprise.identitystore.openid.RefreshToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The decisions of the hooks on the mechanism's calls to the provider, each around a stand-in for the server's method
 * it intercepts: the authorization request, the token requests (code and refresh) and userinfo.
 */
class HookDecisionsTest {

    private final Session session = new Session();

    @Nested
    class AuthorizationRequest {

        private final Response response = new Response();

        @Test
        void theRedirectToTheProviderGetsAnS256ChallengeAndTheLoginIsKeptByItsState() throws Exception {
            Request page = new Request("GET", "/account").with("x", "8 KB of query").in(session);
            Invocation invocation = new Invocation(Fakes.method(Controllers.class, "authenticateUser"), parameters -> {
                HttpServletRequest request = (HttpServletRequest) parameters[0];
                request.getSession().setAttribute(OpenIdConstant.ORIGINAL_REQUEST, "/account?x=8 KB of query");
                ((HttpServletResponse) parameters[1]).sendRedirect("https://id.example/authorize?client_id=bank"
                        + "&state=s1&redirect_uri=https%3A%2F%2Fbank.example.com%2Fcallback");
                return null;
            }, page.proxy, response.proxy);

            new AuthorizationRequestHook().addPkce(invocation);

            PendingLogins.Login login = PendingLogins.take(session.proxy, "s1").orElseThrow();
            assertEquals("https://bank.example.com/callback", login.redirectUri());
            assertEquals("https://id.example/authorize?client_id=bank&state=s1"
                    + "&redirect_uri=https%3A%2F%2Fbank.example.com%2Fcallback&code_challenge="
                    + PendingLogins.challenge(login.verifier()) + "&code_challenge_method=S256", response.location);
            assertEquals("/account", session.attributes.get(OpenIdConstant.ORIGINAL_REQUEST),
                    "the page that asked is kept as its path only");
            assertEquals("/account", login.attributes().get(OpenIdConstant.ORIGINAL_REQUEST));
        }

        @Test
        void aMechanismThatDoesNotRedirectStartsNoLogin() {
            Request page = new Request("GET", "/account").in(session);
            Invocation invocation = new Invocation(Fakes.method(Controllers.class, "authenticateUser"),
                    parameters -> null, page.proxy, response.proxy);

            assertThrows(IllegalStateException.class, () -> new AuthorizationRequestHook().addPkce(invocation));
            assertEquals(null, response.location);
        }
    }

    @Nested
    class TokenRequest {

        private final FakeProvider provider = new FakeProvider(200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}");
        private final TokenRequestHook hook = new TokenRequestHook(new Settings(Optional.empty()), provider);

        @Test
        void aCodeIsExchangedWithItsLoginsVerifierAndRedirectUri() throws Exception {
            Request callback = new Request("GET", "/callback").with("code", "code-1");
            PendingLogins.exchangeNext(callback.proxy,
                    new PendingLogins.Login("verifier-1", "https://bank.example.com/callback", Map.of()));
            Invocation invocation = new Invocation(Fakes.method(Controllers.class, "getTokens"), parameters -> {
                throw new AssertionError("the mechanism's own token request must not be made");
            }, callback.proxy);

            Controllers.TokensResponse answer = (Controllers.TokensResponse) hook.request(invocation);

            assertEquals(200, answer.status());
            assertEquals("a", answer.tokens().getString("access_token"));
            assertEquals(Map.of("grant_type", "authorization_code", "code", "code-1", "code_verifier", "verifier-1",
                    "redirect_uri", "https://bank.example.com/callback", "client_id", "bank",
                    "client_secret", Settings.CLIENT_SECRET), provider.calls.get(0).form());
            assertEquals("https://id.example/token_endpoint", provider.calls.get(0).uri());
        }

        @Test
        void aCodeWithoutItsLoginsVerifierIsNotExchanged() throws Exception {
            Request callback = new Request("GET", "/callback").with("code", "code-1");
            Invocation invocation = new Invocation(Fakes.method(Controllers.class, "getTokens"),
                    parameters -> null, callback.proxy);

            Controllers.TokensResponse answer = (Controllers.TokensResponse) hook.request(invocation);

            assertEquals(400, answer.status());
            assertEquals("invalid_request", answer.tokens().getString("error"));
            assertEquals(0, provider.calls.size());
            assertEquals(0, invocation.proceeded);
        }

        @Test
        void aRefreshSendsTheRefreshTokenAndAnswersInTheResponseTypeOfSoteria3() throws Exception {
            RefreshToken refresh = () -> "refresh-1";
            Invocation invocation = new Invocation(Fakes.method(Controllers.class, "refreshTokens"),
                    parameters -> null, refresh);

            jakarta.ws.rs.core.Response answer = (jakarta.ws.rs.core.Response) hook.request(invocation);

            assertEquals(200, answer.getStatus());
            assertEquals("refresh_token", provider.calls.get(0).form().get("grant_type"));
            assertEquals("refresh-1", provider.calls.get(0).form().get("refresh_token"));
            assertTrue(answer.readEntity(String.class).contains("\"access_token\":\"a\""));
        }
    }

    @Nested
    class UserInfo {

        private final LoginStateTest.Context context = LoginStateTest.context(300L, "refresh-1");
        private final Request page = new Request("GET", "/account").in(session);
        private final AccessToken accessToken = context.getAccessToken();

        @Test
        void theClaimsKeptWithTheLoginAnswerWithoutAskingTheProvider() {
            LoginState.keep(session.proxy, context, Duration.ofSeconds(10));
            FakeProvider provider = new FakeProvider(500, "{}");

            Object claims = userInfo(provider);

            assertEquals("a@example.com", ((JsonObject) claims).getString("email"));
            assertEquals(0, provider.calls.size());
        }

        @Test
        void atLoginTheProviderIsAskedWithTheAccessToken() {
            FakeProvider provider = new FakeProvider(200, "{\"sub\":\"user-1\",\"email\":\"a@example.com\"}");

            Object claims = userInfo(provider);

            assertInstanceOf(PortableJson.class, claims, "serializable, to be kept with the login");
            assertEquals(accessToken.getToken(), provider.calls.get(0).bearerToken());
        }

        @Test
        void claimsAboutAnotherUserAreRefused() {
            FakeProvider provider = new FakeProvider(200, "{\"sub\":\"user-2\"}");

            assertThrows(IllegalStateException.class, () -> userInfo(provider));
        }

        @Test
        void aProviderErrorIsRefused() {
            assertThrows(IllegalStateException.class, () -> userInfo(new FakeProvider(500, "{\"error\":\"x\"}")));
        }

        @Test
        void aRefusedAccessTokenEndsTheSessionWithA401() {
            WebApplicationException refused = assertThrows(WebApplicationException.class,
                    () -> userInfo(new FakeProvider(401, "{\"error\":\"invalid_token\"}")));

            assertEquals(401, refused.getResponse().getStatus());
            assertTrue(session.invalidated);
        }

        private Object userInfo(FakeProvider provider) {
            Invocation invocation = new Invocation(Fakes.method(Controllers.class, "getUserInfo"), parameters -> {
                throw new AssertionError("the mechanism's own userinfo request must not be made");
            }, URI.create("https://id.example/userinfo"), accessToken);
            return new UserInfoHook(provider, context, page.proxy).userInfo(invocation);
        }
    }

    /** The shapes of the server's methods the hooks stand around (Soteria 4's token answer among them). */
    interface Controllers {
        void authenticateUser(HttpServletRequest request, HttpServletResponse response);

        TokensResponse getTokens(HttpServletRequest request);

        jakarta.ws.rs.core.Response refreshTokens(RefreshToken token);

        JsonObject getUserInfo(URI endpoint, AccessToken token);

        record TokensResponse(int status, JsonObject tokens) {
        }
    }

    @Test
    void theTokenHookAnswersInTheTypeOfEitherVersionOfTheMechanism() {
        assertTrue(TokenRequestHook.canAnswerAs(Controllers.TokensResponse.class));
        assertTrue(TokenRequestHook.canAnswerAs(jakarta.ws.rs.core.Response.class));
    }
}

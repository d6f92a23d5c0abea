package com.changebank.platform.openid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.platform.openid.Fakes.Invocation;
import com.changebank.platform.openid.Fakes.MessageContext;
import com.changebank.platform.openid.Fakes.Request;
import com.changebank.platform.openid.Fakes.Response;
import com.changebank.platform.openid.Fakes.Session;
import com.changebank.platform.openid.Fakes.Settings;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.openid.OpenIdConstant;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decisions of {@link LoginGuard}, step by step, around a stand-in for the mechanism: what reaches the mechanism,
 * and what the user gets back.
 */
class LoginGuardTest {

    private static final Method VALIDATE = Fakes.method(Mechanism.class, "validateRequest");
    private static final long NOW = Instant.now().getEpochSecond();
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final LoginStateTest.Context openIdContext = new LoginStateTest.Context();
    private final Session session = new Session();
    private final Response response = new Response();

    @Test
    void aCallbackForNoLoginUnderWayIsRefusedBeforeTheMechanismSeesIt() throws Exception {
        Request callback = callback("unknown-state").in(session);
        Invocation invocation = invocation(callback, parameters -> AuthenticationStatus.SUCCESS);

        assertEquals(AuthenticationStatus.SEND_FAILURE, guard(Optional.empty()).validate(invocation));
        assertEquals(0, invocation.proceeded);
        assertEquals(401, response.status);
        assertFalse(session.invalidated, "the session keeps the other tabs' logins under way");
    }

    @Test
    void aCallbackGetsItsOwnLoginBackAndANewSessionId() throws Exception {
        PendingLogins.add(session.proxy, "s1", new PendingLogins.Login("verifier-1", "https://bank/callback",
                Map.of(OpenIdConstant.STATE, "s1")));
        String idBefore = session.id;
        Request callback = callback("s1").in(session);
        Invocation invocation = invocation(callback, parameters -> {
            HttpServletRequest request = (HttpServletRequest) parameters[0];
            assertEquals("s1", request.getSession().getAttribute(OpenIdConstant.STATE));
            assertEquals("verifier-1", PendingLogins.toExchange(request).orElseThrow().verifier());
            return loggedIn(parameters, LoginStateTest.jwt(idToken()));
        });

        assertEquals(AuthenticationStatus.SUCCESS, guard(Optional.empty()).validate(invocation));
        assertTrue(callback.sessionIdChanged);
        assertNotEquals(idBefore, session.id);
        assertTrue(LoginState.of(session.proxy).isPresent(), "the new login is kept in the session");
    }

    @Test
    void aLoginWhoseCodeTheTokenHookDidNotExchangeIsRefused() throws Exception {
        PendingLogins.add(session.proxy, "s1", new PendingLogins.Login("verifier-1", "https://bank/callback",
                Map.of()));
        Invocation invocation = invocation(callback("s1").in(session),
                parameters -> loggedIn(parameters, LoginStateTest.jwt(idToken())));

        assertEquals(AuthenticationStatus.SEND_FAILURE, guard(Optional.empty()).validate(invocation));
        assertEquals(401, response.status);
        assertTrue(session.invalidated);
    }

    @Test
    void anIdTokenSignedOtherwiseThanConfiguredIsRefused() throws Exception {
        for (String header : new String[] {"{\"alg\":\"HS256\"}", "{\"alg\":\"none\"}", "not base64 json"}) {
            Session session = new Session();
            Response response = new Response();
            PendingLogins.add(session.proxy, "s1", new PendingLogins.Login("v", "https://bank/callback", Map.of()));
            Request callback = callback("s1").in(session);
            MessageContext context = new MessageContext(callback, response);
            Invocation invocation = new Invocation(VALIDATE, parameters -> {
                PendingLogins.toExchange((HttpServletRequest) parameters[0]);
                return loggedIn(parameters, token(header, idToken()));
            }, callback.proxy, response.proxy, context.proxy);

            assertEquals(AuthenticationStatus.SEND_FAILURE, guard(Optional.empty()).validate(invocation), header);
            assertEquals(401, response.status, header);
            assertTrue(session.invalidated, header);
        }
    }

    @Test
    void aCallerWithoutItsKeptLoginStartsAgainAtTheSamePage() throws Exception {
        Request page = new Request("GET", "/account").with("tab", "2").in(session).as("a@example.com");
        Invocation invocation = invocation(page, parameters -> AuthenticationStatus.SUCCESS);

        assertEquals(AuthenticationStatus.SEND_CONTINUE, guard(Optional.empty()).validate(invocation));
        assertEquals(0, invocation.proceeded);
        assertEquals(303, response.status);
        assertEquals("http://bank.internal:8080/account?tab", response.headers.get("Location"));
        assertTrue(session.invalidated);
    }

    @Test
    void aCallersKeptLoginIsInTheMechanismsContextBeforeItLooks() throws Exception {
        LoginState.keep(session.proxy, LoginStateTest.context(300L, "refresh-1"), MARGIN);
        Request page = new Request("GET", "/account").in(session).as("a@example.com");
        Invocation invocation = invocation(page, parameters -> {
            assertEquals("refresh-1", openIdContext.getRefreshToken().orElseThrow().getToken());
            assertFalse(Thread.holdsLock(PendingLogins.lock(session.proxy)), "no refresh, no lock");
            return AuthenticationStatus.SUCCESS;
        });

        assertEquals(AuthenticationStatus.SUCCESS, guard(Optional.empty()).validate(invocation));
        assertEquals(1, invocation.proceeded);
        assertFalse(page.sessionIdChanged, "a page view is not a new login");
    }

    @Test
    void expiredTokensAreRefreshedOneRequestOfTheSessionAtATime() throws Exception {
        LoginState.keep(session.proxy, LoginStateTest.context(5L, "refresh-1"), MARGIN);
        Request page = new Request("GET", "/account").in(session).as("a@example.com");
        Invocation invocation = invocation(page, parameters -> {
            assertTrue(Thread.holdsLock(PendingLogins.lock(session.proxy)));
            return AuthenticationStatus.SUCCESS;
        });

        assertEquals(AuthenticationStatus.SUCCESS, guard(Optional.empty()).validate(invocation));
        assertEquals(1, invocation.proceeded);
    }

    @Test
    void theMechanismSeesThePublicAddress() throws Exception {
        Request page = new Request("GET", "/account").in(session);
        Invocation invocation = invocation(page, parameters -> {
            HttpServletRequest request = (HttpServletRequest) parameters[0];
            assertEquals("https://bank.example.com/account", request.getRequestURL().toString());
            assertTrue(request.isSecure());
            assertEquals("https://bank.example.com/account",
                    ((HttpMessageContext) parameters[2]).getRequest().getRequestURL().toString());
            return AuthenticationStatus.SEND_CONTINUE;
        });

        guard(Optional.of(URI.create("https://bank.example.com"))).validate(invocation);
        assertEquals(1, invocation.proceeded);
    }

    @Test
    void aProviderThatCannotBeReachedIsSignInUnavailableAndEndsTheSession() throws Exception {
        LoginState.keep(session.proxy, LoginStateTest.context(5L, "refresh-1"), MARGIN);
        Request page = new Request("GET", "/account").in(session).as("a@example.com");
        Invocation invocation = invocation(page, parameters -> {
            throw new IllegalStateException("refresh failed", new UncheckedIOException(new IOException("refused")));
        });

        assertEquals(AuthenticationStatus.SEND_FAILURE, guard(Optional.empty()).validate(invocation));
        assertEquals(503, response.status);
        assertTrue(session.invalidated);
    }

    @Test
    void aTokenTheProviderRefusesIsLoginFailed() throws Exception {
        Request page = new Request("GET", "/account").in(session);
        Invocation invocation = invocation(page, parameters -> {
            throw new IllegalStateException("invalid signature");
        });

        assertEquals(AuthenticationStatus.SEND_FAILURE, guard(Optional.empty()).validate(invocation));
        assertEquals(401, response.status);
    }

    @Test
    void aBareFailureOfTheMechanismBecomesTheErrorPage() throws Exception {
        Invocation invocation = invocation(new Request("GET", "/account").in(session),
                parameters -> AuthenticationStatus.SEND_FAILURE);

        assertEquals(AuthenticationStatus.SEND_FAILURE, guard(Optional.empty()).validate(invocation));
        assertEquals(401, response.status);
    }

    @Test
    void theSameCallerIsNotAnnouncedTwiceToTheContainer() {
        Request page = new Request("GET", "/account").as("a@example.com");
        MessageContext context = new MessageContext(page, response);
        LoginGuard.Guarded guarded = new LoginGuard.Guarded(context.proxy, page.proxy, "a@example.com");

        assertEquals(AuthenticationStatus.SUCCESS,
                guarded.notifyContainerAboutLogin(new CredentialValidationResult("a@example.com")));
        assertEquals(0, context.notices.size(), "the caller is already registered for this request");
        guarded.notifyContainerAboutLogin(new CredentialValidationResult("b@example.com"));
        assertEquals(1, context.notices.size(), "another caller is announced");
    }

    private LoginGuard guard(Optional<URI> appUrl) {
        return new LoginGuard(openIdContext, new ProviderErrors(), new Settings(appUrl));
    }

    private Invocation invocation(Request request, Fakes.Intercepted mechanism) {
        return new Invocation(VALIDATE, mechanism, request.proxy, response.proxy,
                new MessageContext(request, response).proxy);
    }

    private static Request callback(String state) {
        return new Request("GET", "/callback").with(OpenIdConstant.STATE, state).with(OpenIdConstant.CODE, "code-1");
    }

    /** What the mechanism does at a login: new tokens in its context, then the notice to the container. */
    private AuthenticationStatus loggedIn(Object[] parameters, String idToken) {
        LoginStateTest.Context fresh = LoginStateTest.context(300L, "refresh-2");
        openIdContext.setTokenType(fresh.getTokenType());
        openIdContext.setAccessToken(fresh.getAccessToken());
        openIdContext.setIdentityToken(LoginStateTest.identity(idToken));
        openIdContext.setRefreshToken(fresh.getRefreshToken().orElseThrow());
        openIdContext.setExpiresIn(300L);
        openIdContext.claims = fresh.getClaimsJson();
        return ((HttpMessageContext) parameters[2]).notifyContainerAboutLogin("a@example.com", Set.of());
    }

    private static String idToken() {
        return "{\"iss\":\"https://id.example\",\"sub\":\"user-1\",\"aud\":\"bank\",\"exp\":" + (NOW + 300)
                + ",\"iat\":" + NOW + "}";
    }

    private static String token(String header, String payload) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".signature";
    }

    /** The shape of the mechanism's method the guard stands around. */
    interface Mechanism {
        AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                HttpMessageContext context);
    }
}

package com.changebank.platform.openid;

import com.changebank.platform.openid.MechanismHook.Point;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.security.enterprise.authentication.mechanism.http.openid.OpenIdConstant;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.openid.IdentityToken;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the OpenID mechanism leaves undone at login:
 * <ul>
 * <li>It verifies an ID token with whatever its header names: the provider's keys, the client secret as an HMAC
 * key (published in development settings), or nothing at all ({@code alg: none}). At login and at every refresh,
 * an ID token signed otherwise than the one configured algorithm is refused, and the session ends.</li>
 * <li>It builds its redirect URI, and checks the callback's address, from the request: behind a proxy that
 * terminates TLS, {@code http://}. It is given the request at the application's public address instead.</li>
 * <li>It refuses a forged callback or a bad token with a bare failure status, which the server answers with an
 * empty page, and on Payara it throws on a callback without a login under way. Every failed login ends on the
 * application's error page instead: 503 "sign-in unavailable" when the provider cannot be reached, else 401
 * "login failed" with a way to retry.</li>
 * <li>Refreshing expired tokens fails on WildFly: see {@link Guarded}. A refresh that fails in any way ends the
 * session, so that the next request is a new login and not the same failure again.</li>
 * <li>It keeps one login per session. A callback gets its own login back from {@link PendingLogins} before the
 * mechanism looks, with the PKCE verifier for the token request; a callback for no login under way is refused. A
 * callback that arrives when the user is already logged in (a second tab's login, which the provider's single
 * sign-on answered) goes back to the page that asked for it.</li>
 * <li>Its login does not serialize, so it never reaches another node nor outlives a redeployment. It is kept as a
 * {@link LoginState} instead, and put into the mechanism's context (request-scoped, see {@link MechanismHooks})
 * before the mechanism looks. A session with a caller but no login kept (from before this repair, say) ends, and
 * the page asked for starts a new login.</li>
 * <li>It would log a user in without PKCE if the token request had not gone through {@link TokenRequestHook}:
 * such a login is refused.</li>
 * </ul>
 * {@link #validate} runs these repairs as seven steps, in order; {@code LoginGuardTest} shows each one's decisions.
 */
@MechanismHook(Point.MECHANISM)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class LoginGuard {

    private static final Logger LOG = Logger.getLogger(LoginGuard.class.getName());

    @Inject
    private OpenIdContext openIdContext;

    @Inject
    private ProviderErrors providerErrors;

    @Inject
    private ProviderSettings config;

    public LoginGuard() {
    }

    /** For the unit tests: the interceptor with what CDI injects. */
    LoginGuard(OpenIdContext openIdContext, ProviderErrors providerErrors, ProviderSettings config) {
        this.openIdContext = openIdContext;
        this.providerErrors = providerErrors;
        this.config = config;
    }

    /** The steps around the mechanism, in the order they run; each answers the request itself where it must. */
    @AroundInvoke
    public Object validate(InvocationContext invocation) throws Exception {
        HttpMessageContext context = (HttpMessageContext) invocation.getParameters()[2];
        HttpServletRequest request = atPublicAddress(context.getRequest());
        Principal caller = request.getUserPrincipal();
        if (!resumePendingLogin(request, caller != null)) {
            // The session stays: it may hold the logins under way of the user's other tabs.
            LOG.warning("Login refused: a callback for no login under way in its session");
            return fail(context, HttpServletResponse.SC_UNAUTHORIZED);
        }
        Optional<LoginState> kept = restoreKeptLogin(request, caller != null);
        if (caller != null && kept.isEmpty()) {
            LOG.warning("A session with a caller but without its login: it ends, and the page starts a new login");
            endLocalSession(request);
            return sameRequestAgain(context, request);
        }
        logProviderRefusal(request);
        Guarded guarded = new Guarded(context, request, caller == null ? null : caller.getName());
        Object status;
        try {
            status = runMechanism(invocation, guarded, kept.filter(LoginState::expired).isPresent());
        } catch (RuntimeException e) {
            return failedLogin(context, request, caller != null, e);
        }
        if (status == AuthenticationStatus.SUCCESS) {
            Optional<String> refusal = refusalOfNewLogin(request, guarded.notified);
            if (refusal.isPresent()) {
                LOG.warning("Login refused: " + refusal.get());
                endLocalSession(request);
                return fail(context, HttpServletResponse.SC_UNAUTHORIZED);
            }
            keepNewLogin(request, guarded.notified, caller == null);
        }
        if (status == AuthenticationStatus.SEND_FAILURE && !context.getResponse().isCommitted()) {
            return fail(context, HttpServletResponse.SC_UNAUTHORIZED);
        }
        return status;
    }

    /**
     * Step 1. Gives a callback its own login back. Before the mechanism looks at a callback of a user not yet logged
     * in, the session gets the attributes of the login its state names, and the request that login's PKCE verifier.
     * A logged-in user's callback only gets back the page that asked for its login. False for a callback with a code
     * for no login under way in the session.
     */
    static boolean resumePendingLogin(HttpServletRequest request, boolean loggedIn) {
        if (!isCallback(request)) {
            return true;
        }
        String state = request.getParameter(OpenIdConstant.STATE);
        Optional<PendingLogins.Login> login = PendingLogins.take(request.getSession(false), state);
        if (login.isEmpty()) {
            return loggedIn || request.getParameter(OpenIdConstant.CODE) == null;
        }
        Map<String, Object> attributes = login.get().attributes();
        if (!loggedIn) {
            attributes.forEach(request.getSession()::setAttribute);
            PendingLogins.exchangeNext(request, login.get());
        } else if (attributes.containsKey(OpenIdConstant.ORIGINAL_REQUEST)) {
            request.getSession().setAttribute(OpenIdConstant.ORIGINAL_REQUEST,
                    attributes.get(OpenIdConstant.ORIGINAL_REQUEST));
        }
        return true;
    }

    /**
     * Step 2. Puts the login kept in the session into the mechanism's context, for a caller; empty for a caller whose
     * session has none. A session without a caller keeps none: a login left there (its caller gone with a server's
     * restart, say) is dropped, so that it cannot answer for the next one.
     */
    private Optional<LoginState> restoreKeptLogin(HttpServletRequest request, boolean loggedIn) {
        if (!loggedIn) {
            LoginState.forget(request.getSession(false));
            return Optional.empty();
        }
        Optional<LoginState> kept = LoginState.of(request.getSession(false));
        kept.ifPresent(state -> state.restore(openIdContext));
        return kept;
    }

    /** Step 3. The one log line for a callback with the provider's {@code error}, which the mechanism only fails. */
    private void logProviderRefusal(HttpServletRequest request) {
        if (isCallback(request) && request.getParameter(OpenIdConstant.ERROR_PARAM) != null) {
            LOG.warning(providerErrors.describe(request));
        }
    }

    /**
     * Step 4. The mechanism, given the request at the public address and the {@link Guarded} context; expired tokens
     * are refreshed one request of the session at a time: the mechanism serializes its refreshes by session too, but
     * each request has a context of its own now, so a request that waited takes the tokens the one before it got,
     * and refreshes nothing.
     */
    private Object runMechanism(InvocationContext invocation, Guarded guarded, boolean expired) throws Exception {
        Object[] parameters = invocation.getParameters();
        parameters[0] = guarded.getRequest();
        parameters[2] = guarded;
        invocation.setParameters(parameters);
        if (!expired) {
            return invocation.proceed();
        }
        HttpSession session = guarded.getRequest().getSession();
        synchronized (PendingLogins.lock(session)) {
            LoginState.of(session).ifPresent(state -> state.restore(openIdContext));
            return invocation.proceed();
        }
    }

    /**
     * Step 5. What the mechanism threw becomes the error page: 503 "sign-in unavailable" when the provider could not
     * be reached, else 401. A logged-in user's session ends, so that the next request is a new login and not the
     * same failure again.
     */
    private static AuthenticationStatus failedLogin(HttpMessageContext context, HttpServletRequest request,
            boolean loggedIn, RuntimeException e) throws IOException {
        // The message only: the cause may quote the provider's answer, which has no place in a log.
        LOG.log(Level.WARNING, "Login failed: {0}: {1}", new Object[] {e.getClass().getName(), e.getMessage()});
        if (loggedIn) {
            endLocalSession(request);
        }
        return fail(context, causedByIo(e) ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
                : HttpServletResponse.SC_UNAUTHORIZED);
    }

    /**
     * Step 6. Why a login the mechanism let through is refused, if it is: its code was exchanged without PKCE (the
     * token hook did not run), or a new ID token (at login or from a refresh: each ends in a notice to the
     * container, which a page view of a logged-in user does not make) is signed otherwise than configured. The
     * mechanism verified it with whatever key its header asked for: an HS256 token with the client secret, or none.
     */
    private Optional<String> refusalOfNewLogin(HttpServletRequest request, boolean newTokens) {
        if (PendingLogins.notExchanged(request)) {
            return Optional.of("its code was exchanged without PKCE, not by ChangeBank's token request");
        }
        String algorithm = newTokens ? algorithm(openIdContext.getIdentityToken()) : null;
        if (algorithm != null && !config.getIdTokenSigningAlgorithm().equals(algorithm)) {
            return Optional.of("the provider sent an ID token signed " + algorithm + ", not "
                    + config.getIdTokenSigningAlgorithm());
        }
        return Optional.empty();
    }

    /**
     * Step 7. New tokens are kept in the session, for the next request and for another node; a new login gets a new
     * session id (session fixation): Payara changes it by itself, WildFly does not.
     */
    private void keepNewLogin(HttpServletRequest request, boolean newTokens, boolean newCaller) {
        if (newTokens) {
            LoginState.keep(request.getSession(), openIdContext, config.getTokenMinValidity());
        }
        if (newCaller && request.getSession(false) != null) {
            LoginSessions.finished(request);
            request.changeSessionId();
        }
    }

    /** The request at the address users reach the application at, where one is configured. */
    private HttpServletRequest atPublicAddress(HttpServletRequest request) {
        return config.getAppUrl().<HttpServletRequest>map(origin -> new PublicAddress(request, origin)).orElse(request);
    }

    /**
     * The mechanism's view of the request: at the public address (see {@link PublicAddress}), and, for a caller
     * already logged in, without a second notice of the same login. The mechanism registers the caller again at the
     * start of the request, and after refreshing expired tokens it notifies the container once more, with a new
     * principal object of the same name. WildFly's Elytron (non-integrated JASPI) takes that second notice as a
     * "run as" another identity, looks the name up in the server's own realm, where the provider's users are not, and
     * refuses it (ELY01088). The caller is the same and already registered for this request: that notice is answered
     * here and not passed on.
     */
    static final class Guarded extends HttpMessageContextWrapper {

        private final HttpServletRequest request;
        private final String caller;
        /** Whether the mechanism validated tokens in this request, at login or at refresh. */
        private boolean notified;

        Guarded(HttpMessageContext context, HttpServletRequest request, String caller) {
            super(context);
            this.request = request;
            this.caller = caller;
        }

        @Override
        public HttpServletRequest getRequest() {
            return request;
        }

        @Override
        public AuthenticationStatus notifyContainerAboutLogin(CredentialValidationResult result) {
            notified = true;
            if (caller != null && result.getStatus() == CredentialValidationResult.Status.VALID
                    && caller.equals(result.getCallerPrincipal().getName())) {
                return AuthenticationStatus.SUCCESS;
            }
            return super.notifyContainerAboutLogin(result);
        }

        @Override
        public AuthenticationStatus notifyContainerAboutLogin(Principal principal, Set<String> groups) {
            notified = true;
            return super.notifyContainerAboutLogin(principal, groups);
        }

        @Override
        public AuthenticationStatus notifyContainerAboutLogin(String callerName, Set<String> groups) {
            notified = true;
            return super.notifyContainerAboutLogin(callerName, groups);
        }
    }

    /** A callback is a GET with a state; the parameters of a POST are its form's, which the page must still read. */
    private static boolean isCallback(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && request.getParameter(OpenIdConstant.STATE) != null;
    }

    /** The {@code alg} of the token's JOSE header; {@code none} for a token that cannot be read. */
    static String algorithm(IdentityToken token) {
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.getToken().split("\\.", 2)[0]),
                    StandardCharsets.UTF_8);
            try (JsonReader reader = Json.createReader(new StringReader(header))) {
                return reader.readObject().getString("alg", "none");
            }
        } catch (RuntimeException unreadable) {
            return "none";
        }
    }

    /** Invalidating the session ends the login the mechanism registered in it. */
    static void endLocalSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /** A 303 to the page asked for (a GET, without a POST's form): a protected page then starts a new login. */
    private static AuthenticationStatus sameRequestAgain(HttpMessageContext context, HttpServletRequest request)
            throws IOException {
        String query = request.getQueryString();
        HttpServletResponse response = context.getResponse();
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getRequestURL()
                + ("GET".equals(request.getMethod()) && query != null ? "?" + query : ""));
        return AuthenticationStatus.SEND_CONTINUE;
    }

    private static AuthenticationStatus fail(HttpMessageContext context, int status) throws IOException {
        context.getResponse().sendError(status);
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}

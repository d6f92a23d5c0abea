package com.changebank.security;

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
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.openid.IdentityToken;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the OpenID mechanism leaves undone at login:
 * <ul>
 * <li>It accepts an unsigned ID token ({@code alg: none}), which OpenID Connect allows only to clients that
 * registered for it. ChangeBank did not: such a login is refused.</li>
 * <li>It refuses a forged callback or a bad token with a bare failure status, which the server answers with an
 * empty page, and on Payara it throws on a callback without a login under way. Every failed login ends on the
 * application's error page instead: 503 "sign-in unavailable" when the provider cannot be reached, else 401
 * "login failed" with a way to retry.</li>
 * <li>Refreshing expired tokens fails on WildFly: see {@link Refresh}. A refresh that fails in any way ends the
 * session, so that the next request is a new login and not the same failure again.</li>
 * </ul>
 */
@GuardedLogin
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class LoginGuard {

    private static final Logger LOG = Logger.getLogger(LoginGuard.class.getName());

    @Inject
    private OpenIdContext openIdContext;

    @AroundInvoke
    public Object validate(InvocationContext invocation) throws Exception {
        if (!invocation.getMethod().getName().equals("validateRequest")) {
            return invocation.proceed();
        }
        HttpMessageContext context = (HttpMessageContext) invocation.getParameters()[2];
        Principal caller = context.getRequest().getUserPrincipal();
        if (caller != null) {
            Object[] parameters = invocation.getParameters();
            parameters[2] = new Refresh(context, caller.getName());
            invocation.setParameters(parameters);
        }
        Object status;
        try {
            status = invocation.proceed();
        } catch (RuntimeException e) {
            // The message only: the cause may quote the provider's answer, which has no place in a log.
            LOG.log(Level.WARNING, "Login failed: {0}: {1}", new Object[] {e.getClass().getName(), e.getMessage()});
            if (caller != null) {
                LogoutController.endLocalSession(context.getRequest());
            }
            return fail(context, causedByIo(e) ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
                    : HttpServletResponse.SC_UNAUTHORIZED);
        }
        if (status == AuthenticationStatus.SUCCESS && context.getRequest().getUserPrincipal() == null
                && unsigned(openIdContext.getIdentityToken())) {
            LOG.warning("Login refused: the provider sent an unsigned ID token");
            LogoutController.endLocalSession(context.getRequest());
            return fail(context, HttpServletResponse.SC_UNAUTHORIZED);
        }
        if (status == AuthenticationStatus.SUCCESS && context.getRequest().getUserPrincipal() == null
                && context.getRequest().getSession(false) != null) {
            // A new login, a new session id (session fixation): Payara changes it by itself, WildFly does not.
            context.getRequest().changeSessionId();
        }
        if (status == AuthenticationStatus.SEND_FAILURE && !context.getResponse().isCommitted()) {
            return fail(context, HttpServletResponse.SC_UNAUTHORIZED);
        }
        return status;
    }

    /**
     * For a caller already logged in, the mechanism registers the caller again at the start of the request, and after
     * refreshing expired tokens it notifies the container once more, with a new principal object of the same name.
     * WildFly's Elytron (non-integrated JASPI) takes that second notice as a "run as" another identity, looks the name
     * up in the server's own realm, where the provider's users are not, and refuses it (ELY01088). The caller is
     * the same and already registered for this request: that notice is answered here and not passed on.
     */
    static final class Refresh extends HttpMessageContextWrapper {

        private final String caller;

        Refresh(HttpMessageContext context, String caller) {
            super(context);
            this.caller = caller;
        }

        @Override
        public AuthenticationStatus notifyContainerAboutLogin(CredentialValidationResult result) {
            if (result.getStatus() == CredentialValidationResult.Status.VALID
                    && caller.equals(result.getCallerPrincipal().getName())) {
                return AuthenticationStatus.SUCCESS;
            }
            return super.notifyContainerAboutLogin(result);
        }
    }

    /** True for a token whose JOSE header says {@code "alg": "none"}, or that cannot be read at all. */
    static boolean unsigned(IdentityToken token) {
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.getToken().split("\\.", 2)[0]),
                    StandardCharsets.UTF_8);
            try (JsonReader reader = Json.createReader(new StringReader(header))) {
                return "none".equalsIgnoreCase(reader.readObject().getString("alg", "none"));
            }
        } catch (RuntimeException unreadable) {
            return true;
        }
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

package com.changebank.platform.openid;

import com.changebank.platform.openid.MechanismHook.Point;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.authentication.mechanism.http.openid.OpenIdConstant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Adds PKCE to the mechanism's authorization request. The mechanism writes its redirect to the provider on the
 * response it is given; it is given one that holds the redirect back, so that the challenge can be added to the
 * address. The verifier stays in the session, with the login's state: see {@link PendingLogins}.
 * <p>
 * Any anonymous request to a protected page gets here, so what a login keeps is kept small and short: the session it
 * opens is short-lived and one of a bounded number ({@link LoginSessions}), and the page that asked is kept as its
 * path only.
 */
@MechanismHook(Point.AUTHORIZATION)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class AuthorizationRequestHook {

    @AroundInvoke
    public Object addPkce(InvocationContext invocation) throws Exception {
        Object[] parameters = invocation.getParameters();
        HttpServletRequest request = (HttpServletRequest) parameters[0];
        HttpServletResponse response = (HttpServletResponse) parameters[1];
        Map<String, Object> before = PendingLogins.attributes(request.getSession(false));
        HeldRedirect held = new HeldRedirect(response);
        parameters[1] = held;
        invocation.setParameters(parameters);
        Object status = invocation.proceed();
        if (held.location() == null) {
            throw new IllegalStateException("The mechanism started a login without redirecting to the provider");
        }
        Map<String, String> query = query(URI.create(held.location()));
        String state = query.get("state");
        String redirectUri = query.get("redirect_uri");
        if (state == null || redirectUri == null) {
            throw new IllegalStateException("The mechanism's authorization request has no state or redirect_uri");
        }
        HttpSession session = request.getSession();
        keepOnlyThePath(request, session);
        String verifier = PendingLogins.newVerifier();
        PendingLogins.add(session, state, new PendingLogins.Login(verifier, redirectUri,
                PendingLogins.changedSince(session, before)));
        if (session.isNew()) {
            // Opened by this login, for it alone: a session the client already had (a logged-in user's, whose login
            // in another tab the provider answers at once) keeps its timeout.
            LoginSessions.opened(session);
        }
        response.sendRedirect(held.location() + "&code_challenge=" + PendingLogins.challenge(verifier)
                + "&code_challenge_method=S256");
        return status;
    }

    /**
     * The mechanism keeps the whole address that asked for the login, query and all, which a client chooses: 8 KB
     * of it in every anonymous session filled the heap. Without redirectToOriginalResource the mechanism compares
     * the callback with the redirect URI only and never reads this again; CallbackController takes only its path.
     * The servlet path, not the request URI: it has no {@code ;parameters} either.
     */
    private static void keepOnlyThePath(HttpServletRequest request, HttpSession session) {
        if (session.getAttribute(OpenIdConstant.ORIGINAL_REQUEST) != null) {
            session.setAttribute(OpenIdConstant.ORIGINAL_REQUEST, request.getContextPath() + request.getServletPath()
                    + Objects.toString(request.getPathInfo(), ""));
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            query.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                    nameAndValue.length < 2 ? "" : URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    /**
     * A response that keeps the address of a redirect instead of sending it, whichever {@code sendRedirect} the
     * mechanism calls: Servlet 6.1 (Jakarta EE 11) adds three, which the Jakarta EE 10 API compiled against here does
     * not have, so they are declared without {@code @Override}; {@link MechanismHooks} stops the deployment on a
     * server whose response has one that is not declared here.
     */
    static final class HeldRedirect extends HttpServletResponseWrapper {

        private String location;

        HeldRedirect(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendRedirect(String location) {
            this.location = location;
        }

        public void sendRedirect(String location, int status) {
            this.location = location;
        }

        public void sendRedirect(String location, boolean clearBuffer) {
            this.location = location;
        }

        public void sendRedirect(String location, int status, boolean clearBuffer) {
            this.location = location;
        }

        String location() {
            return location;
        }
    }
}

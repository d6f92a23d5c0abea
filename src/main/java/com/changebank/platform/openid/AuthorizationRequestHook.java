package com.changebank.platform.openid;

import com.changebank.platform.openid.MechanismHook.Point;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds PKCE to the mechanism's authorization request. The mechanism writes its redirect to the provider on the
 * response it is given; it is given one that holds the redirect back, so that the challenge can be added to the
 * address. The verifier stays in the session, with the login's state: see {@link PendingLogins}.
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
        String verifier = PendingLogins.newVerifier();
        PendingLogins.add(request.getSession(), state, new PendingLogins.Login(verifier, redirectUri,
                PendingLogins.changedSince(request.getSession(), before)));
        response.sendRedirect(held.location() + "&code_challenge=" + PendingLogins.challenge(verifier)
                + "&code_challenge_method=S256");
        return status;
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

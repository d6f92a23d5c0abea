package com.changebank.platform.mvc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.krazo.security.CsrfToken;
import org.eclipse.krazo.security.CsrfTokenStrategy;

/**
 * Krazo's CSRF token, one per session, kept as its own session strategy keeps it, with two differences.
 * <ul>
 * <li>A page view never opens a session. Krazo asks for a token on every response; Krazo's strategy would open a
 * 30-minute session for each anonymous visit to the home page. Every form of ChangeBank is shown to logged-in users
 * only, who have a session, so a visitor without one gets a token that is kept nowhere and validates nothing.</li>
 * <li>No search of the class path: Krazo's strategy unwraps the request through a {@code ServiceLoader} on every
 * token access, three to six times a page, which scans every jar of the server each time.</li>
 * </ul>
 */
public class SessionCsrfTokens implements CsrfTokenStrategy {

    private static final String HEADER = "X-CSRF-TOKEN";
    private static final String FIELD = "_csrf";
    private static final String ATTRIBUTE = SessionCsrfTokens.class.getName();

    @Override
    public Optional<CsrfToken> getToken(HttpServletRequest request, HttpServletResponse response, boolean create) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return create ? Optional.of(newToken()) : Optional.empty();
        }
        if (session.getAttribute(ATTRIBUTE) instanceof CsrfToken token) {
            return Optional.of(token);
        }
        if (!create) {
            return Optional.empty();
        }
        CsrfToken token = newToken();
        session.setAttribute(ATTRIBUTE, token);
        return Optional.of(token);
    }

    private static CsrfToken newToken() {
        return new CsrfToken(HEADER, FIELD, UUID.randomUUID().toString());
    }
}

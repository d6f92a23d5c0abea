package com.changebank.security;

import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;

/**
 * An absolute lifetime for a login ({@code SESSION_LIFETIME_SECONDS}, 12 hours by default): a session that is used
 * keeps refreshing its tokens, and without this would last as long as the refresh token, 30 days at FusionAuth.
 * Past it, the session and its refresh token end, and the browser asks for the same page again: a protected page
 * starts a new login, which the provider's single sign-on may complete at once, and no page is an error.
 */
@WebFilter("/*")
public class SessionLifetimeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** When the session's login was first seen, in epoch seconds. */
    private static final String LOGGED_IN_AT = SessionLifetimeFilter.class.getName();

    @Inject
    private OidcConfig config;

    @Inject
    private OpenIdContext openIdContext;

    @Inject
    private RefreshTokenRevocation revocation;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getUserPrincipal() == null ? null : request.getSession(false);
        if (session != null) {
            long now = Instant.now().getEpochSecond();
            if (!(session.getAttribute(LOGGED_IN_AT) instanceof Long since)) {
                session.setAttribute(LOGGED_IN_AT, now);
            } else if (now - since >= config.getSessionLifetime().toSeconds()) {
                revocation.revoke(openIdContext);
                session.invalidate();
                String query = request.getQueryString();
                response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                response.setHeader("Location", config.baseUrl(request)
                        + request.getRequestURI().substring(request.getContextPath().length())
                        + ("GET".equals(request.getMethod()) && query != null ? "?" + query : ""));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}

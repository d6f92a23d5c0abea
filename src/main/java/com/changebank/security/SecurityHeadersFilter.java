package com.changebank.security;

import com.changebank.platform.openid.PublicAddress;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * Browser protections on every response, error pages included: no script at all, nothing from other hosts, no
 * framing by other sites, no content sniffing, no full URLs in the Referer sent elsewhere; over HTTPS, HTTPS only.
 * Nothing of a logged-in user's, nor of a login or logout, is kept by the browser's cache (ASVS 4.0.3, 8.2.1: after
 * logout on a shared computer, Back must not show the account). And the pages see the request at the address users
 * reach ChangeBank at ({@code APP_URL}), from which Jakarta REST writes the absolute address of every redirect.
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    private OidcConfig config;

    /** The policies, written once: this filter runs on every request, static files included. */
    private String policy;
    private String frontChannelPolicy;

    @Override
    public void init() {
        String provider = origin(config.getIssuer());
        // form-action covers the redirects after a form: the logout form ends at the provider. connect-src 'self'
        // lets tools that fetch from the page's context (Lighthouse reads robots.txt so) reach the site itself; with
        // no script allowed, the page has nothing else that connects.
        String common = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                + "form-action 'self' "
                + provider + "; base-uri 'none'; frame-ancestors ";
        policy = common + "'none'";
        frontChannelPolicy = common + provider;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // The provider loads the front-channel logout in a hidden frame of its logout page.
        String path = pathAsked(request);
        boolean frontChannel = LogoutController.FRONT_CHANNEL_LOGOUT.equals(path);
        response.setHeader("Content-Security-Policy", frontChannel ? frontChannelPolicy : policy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (!frontChannel) {
            response.setHeader("X-Frame-Options", "DENY");
        }
        if (config.isSecure(request)) {
            // A year, HTTPS only (RFC 6797 7.2: a browser ignores it over HTTP, and ChangeBank runs on HTTP in
            // development). Without includeSubDomains: the app cannot speak for its domain's other sites.
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        if (!isStatic(path) && (request.getUserPrincipal() != null || path.equals("/" + CallbackController.PATH)
                || path.startsWith("/" + LogoutController.PATH))) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(config.getAppUrl().<HttpServletRequest>map(url -> new PublicAddress(request, url))
                .orElse(request), response);
    }

    /**
     * The path the browser asked for. An error page is a dispatch of its own, which is all the filter sees of a
     * request the login refused before any page ran (a forged callback's 401).
     */
    private static String pathAsked(HttpServletRequest request) {
        Object failed = request.getDispatcherType() == DispatcherType.ERROR
                ? request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) : null;
        String uri = failed instanceof String asked ? asked : request.getRequestURI();
        return uri.startsWith(request.getContextPath()) ? uri.substring(request.getContextPath().length()) : uri;
    }

    /** The pictures, style sheet and robots.txt: the same for everyone, and cached as the server says. */
    private static boolean isStatic(String path) {
        return path.startsWith("/static/") || path.equals("/robots.txt");
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}

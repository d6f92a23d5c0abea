package com.changebank.security;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
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
        boolean frontChannel = (request.getContextPath() + LogoutController.FRONT_CHANNEL_LOGOUT)
                .equals(request.getRequestURI());
        response.setHeader("Content-Security-Policy", frontChannel ? frontChannelPolicy : policy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (!frontChannel) {
            response.setHeader("X-Frame-Options", "DENY");
        }
        if (request.isSecure()) {
            // A year, HTTPS only (RFC 6797 7.2: a browser ignores it over HTTP, and ChangeBank runs on HTTP in
            // development). Without includeSubDomains: the app cannot speak for its domain's other sites.
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(request, response);
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}

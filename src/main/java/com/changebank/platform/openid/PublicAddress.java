package com.changebank.platform.openid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URI;

/**
 * A request as the browser made it, at the origin users reach the application at, where a proxy that terminates TLS
 * forwards it over plain http. The mechanism builds its redirect URI from the request's address, and compares the
 * callback's address with it; Jakarta REST builds the absolute {@code Location} of a redirect from it too. Payara
 * ignores the proxy's {@code X-Forwarded-Proto} for both (payara/Payara issue 6653), and a forwarded header would be
 * the client's word anyway: the configured origin is not.
 */
public final class PublicAddress extends HttpServletRequestWrapper {

    private final URI origin;

    public PublicAddress(HttpServletRequest request, URI origin) {
        super(request);
        this.origin = origin;
    }

    @Override
    public String getScheme() {
        return origin.getScheme();
    }

    @Override
    public boolean isSecure() {
        return "https".equals(origin.getScheme());
    }

    @Override
    public String getServerName() {
        return origin.getHost();
    }

    @Override
    public int getServerPort() {
        return origin.getPort() != -1 ? origin.getPort() : isSecure() ? 443 : 80;
    }

    @Override
    public StringBuffer getRequestURL() {
        return new StringBuffer(origin.toString()).append(getRequestURI());
    }
}

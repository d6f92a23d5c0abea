package com.changebank.security;

import com.changebank.platform.session.SessionCookieSameSite;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;

/**
 * The session cookie is {@code Secure} where users reach ChangeBank over https ({@code APP_URL}): the server marks
 * it so by itself only for requests that came to it over TLS, which a proxy's do not. Its {@code SameSite} is
 * {@code SESSION_COOKIE_SAME_SITE}'s ({@code None} lets a provider on another site end the session from its logout
 * page's frame), set here as Servlet 6.0 allows (Payara also needs a repair). {@code HttpOnly} is in web.xml.
 */
@WebListener
public class SecureSessionCookie implements ServletContextListener {

    @Inject
    private OidcConfig config;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        if (config.hasHttpsAppUrl()) {
            cookie.setSecure(true);
        }
        SessionCookieSameSite.set(cookie, config.getSessionCookieSameSite());
    }
}

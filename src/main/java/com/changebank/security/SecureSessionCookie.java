package com.changebank.security;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The session cookie is {@code Secure} where users reach ChangeBank over https ({@code APP_URL}): the server marks
 * it so by itself only for requests that came to it over TLS, which a proxy's do not. Its other attributes are in
 * web.xml.
 */
@WebListener
public class SecureSessionCookie implements ServletContextListener {

    @Inject
    private OidcConfig config;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (config.getAppUrl().filter(url -> "https".equals(url.getScheme())).isPresent()) {
            event.getServletContext().getSessionCookieConfig().setSecure(true);
        }
    }
}

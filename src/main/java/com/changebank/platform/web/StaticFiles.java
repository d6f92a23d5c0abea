package com.changebank.platform.web;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;

/**
 * web.xml maps the container's {@code default} servlet to /static/*. Undertow's (WildFly) would look for
 * /static/logo.svg as /logo.svg unless told to resolve paths against the context root; Payara ignores the setting.
 */
@WebListener
public class StaticFiles implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletRegistration defaultServlet = event.getServletContext().getServletRegistration("default");
        if (defaultServlet != null) {
            defaultServlet.setInitParameter("resolve-against-context-root", "true");
        }
    }
}

package com.changebank.platform.authorization;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Installs {@link ContextRootPolicy} on servers with Jakarta Authorization 3.0 (Payara 7). The Jakarta EE 10 servers
 * (Payara 6, WildFly 39) have no per-application policy and need no fix: this class never touches the policy
 * classes there, so that it loads on every server.
 */
@WebListener
public class ContextRootPolicyInstaller implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            Class.forName("jakarta.security.jacc.PolicyFactory", false, getClass().getClassLoader());
        } catch (ClassNotFoundException jakartaEe10) {
            return;
        }
        ContextRootPolicy.install();
    }
}

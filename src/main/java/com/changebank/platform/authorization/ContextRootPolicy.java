package com.changebank.platform.authorization;

import jakarta.security.jacc.Policy;
import jakarta.security.jacc.PolicyFactory;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebUserDataPermission;
import java.security.Permission;
import java.security.PermissionCollection;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.security.auth.Subject;

/**
 * Payara 7 (Jakarta Authorization 3.0, Exousia) checks a request for the context root as the URL pattern "/", which
 * only the default pattern without qualifiers implies, not as the context root's own pattern "" that Jakarta
 * Authorization prescribes. With any security constraint in web.xml the home page is then protected: a visitor is
 * sent to log in, a logged-in user gets 403. This policy asks the server's own policy about "" instead and changes
 * nothing else. {@link ContextRootPolicyInstaller} puts it in place where the server has Jakarta Authorization 3.0.
 */
final class ContextRootPolicy implements Policy {

    private static final Logger LOG = Logger.getLogger(ContextRootPolicy.class.getName());

    private final Policy server;

    private ContextRootPolicy(Policy server) {
        this.server = server;
    }

    /**
     * Wraps this application's policy. Payara names an application's policy context {@code app/module}; the thread's
     * policy context during the start is not always this application's (it is the last one deployed when Payara
     * Micro deploys several before starting them).
     */
    static void install() {
        String contextId = ownContextId();
        PolicyFactory factory = PolicyFactory.getPolicyFactory();
        Policy server = contextId == null ? null : factory.getPolicy(contextId);
        if (server == null) {
            LOG.warning(() -> "No Jakarta Authorization policy found for " + contextId
                    + ": the home page may ask for a login (Payara 7's context root check is not corrected)");
            return;
        }
        if (!(server instanceof ContextRootPolicy)) {
            factory.setPolicy(contextId, new ContextRootPolicy(server));
            LOG.info(() -> "Jakarta Authorization 3.0: the context root is checked as \"\", policy context " + contextId);
        }
    }

    private static String ownContextId() {
        try {
            InitialContext names = new InitialContext();
            return names.lookup("java:app/AppName") + "/" + names.lookup("java:module/ModuleName");
        } catch (NamingException e) {
            return null;
        }
    }

    @Override
    public boolean implies(Permission permission, Subject subject) {
        return server.implies(asContextRoot(permission), subject);
    }

    @Override
    public PermissionCollection getPermissionCollection(Subject subject) {
        return server.getPermissionCollection(subject);
    }

    @Override
    public void refresh() {
        server.refresh();
    }

    static Permission asContextRoot(Permission permission) {
        if (!"/".equals(permission.getName())) {
            return permission;
        }
        if (permission instanceof WebResourcePermission) {
            return new WebResourcePermission("", permission.getActions());
        }
        if (permission instanceof WebUserDataPermission) {
            return new WebUserDataPermission("", permission.getActions());
        }
        return permission;
    }
}

package com.changebank.security;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import java.util.Set;

/**
 * Puts {@link GuardedLogin} on the server's OpenID mechanism: Soteria's on Payara, WildFly's copy of it on WildFly.
 * Its class is the server's, not the application's, so it is matched by name.
 */
public class LoginGuardExtension implements Extension {

    static final Set<String> OPENID_MECHANISMS = Set.of(
            "org.glassfish.soteria.mechanisms.OpenIdAuthenticationMechanism",
            "org.wildfly.security.soteria.original.OpenIdAuthenticationMechanism");

    <T> void bind(@Observes ProcessAnnotatedType<T> type) {
        if (OPENID_MECHANISMS.contains(type.getAnnotatedType().getJavaClass().getName())) {
            type.configureAnnotatedType().add(GuardedLogin.Literal.INSTANCE);
        }
    }
}

package com.changebank.security;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;

/**
 * Puts {@link GuardedLogin} on the server's OpenID mechanism (Soteria's, on Payara and WildFly alike). Its class
 * is the server's, not the application's, so it is matched by name.
 */
public class LoginGuardExtension implements Extension {

    static final String OPENID_MECHANISM = "org.glassfish.soteria.mechanisms.OpenIdAuthenticationMechanism";

    <T> void bind(@Observes ProcessAnnotatedType<T> type) {
        if (type.getAnnotatedType().getJavaClass().getName().equals(OPENID_MECHANISM)) {
            type.configureAnnotatedType().add(GuardedLogin.Literal.INSTANCE);
        }
    }
}

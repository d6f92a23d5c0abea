package com.changebank.platform.openid;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds an interceptor of this package to one part of the server's OpenID mechanism. */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface MechanismHook {

    Point value();

    /** The parts of the mechanism ChangeBank hooks into. */
    enum Point {
        /** The mechanism itself: {@code validateRequest}. */
        MECHANISM,
        /** {@code AuthenticationController.authenticateUser}: the redirect to the authorization endpoint. */
        AUTHORIZATION,
        /** {@code TokenController.getTokens} and {@code refreshTokens}: the token requests. */
        TOKEN,
        /** {@code ProviderMetadataController.getDocument}: the discovery document. */
        DISCOVERY,
        /** {@code UserInfoController.getUserInfo}. */
        USERINFO
    }

    final class Literal extends AnnotationLiteral<MechanismHook> implements MechanismHook {
        private static final long serialVersionUID = 1L;
        private final Point value;

        Literal(Point value) {
            this.value = value;
        }

        @Override
        public Point value() {
            return value;
        }
    }
}

package com.changebank.security;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds {@link LoginGuard} to the OpenID authentication mechanism. */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface GuardedLogin {

    final class Literal extends AnnotationLiteral<GuardedLogin> implements GuardedLogin {
        static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;
    }
}

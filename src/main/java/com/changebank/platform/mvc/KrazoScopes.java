package com.changebank.platform.mvc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;

/**
 * Krazo's {@code FormMethodOverwriteFilter} (a form's hidden {@code _method} field) is request-scoped, so every
 * request makes a new one, and its constructor searches the server's class path through a {@code ServiceLoader}:
 * an eighth of a page's CPU on Payara Micro 7. It keeps no state of a request, so one filter serves them all.
 */
public class KrazoScopes implements Extension {

    static final String FORM_METHOD_FILTER = "org.eclipse.krazo.forms.FormMethodOverwriteFilter";

    <T> void oneFormMethodFilter(@Observes ProcessAnnotatedType<T> type) {
        if (type.getAnnotatedType().getJavaClass().getName().equals(FORM_METHOD_FILTER)) {
            type.configureAnnotatedType().remove(RequestScoped.class::isInstance).add(ApplicationScoped.Literal.INSTANCE);
        }
    }
}

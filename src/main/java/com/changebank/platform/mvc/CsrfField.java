package com.changebank.platform.mvc;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.krazo.security.CsrfToken;

/**
 * The hidden CSRF field of the forms, as the views write it: {@code name="${csrf.name}" value="${csrf.value}"}.
 * The token is the session's, from {@link SessionCsrfTokens}, the strategy Krazo validates with; not Krazo's
 * {@code ${mvc}}, which needs a Jakarta REST request, when error pages (which show the logout form) are rendered
 * outside one. No Krazo type appears in this class's signatures: Payara Server compiles the JSPs without Krazo on
 * their class path.
 */
public final class CsrfField {

    private final String name;
    private final String value;

    private CsrfField(String name, String value) {
        this.name = name;
        this.value = value;
    }

    /** The field of the session's token, made on first use. */
    public static CsrfField of(HttpServletRequest request) {
        CsrfToken token = new SessionCsrfTokens().getToken(request, null, true).orElseThrow();
        return new CsrfField(token.getParamName(), token.getValue());
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }
}

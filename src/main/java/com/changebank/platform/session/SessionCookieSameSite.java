package com.changebank.platform.session;

import jakarta.servlet.SessionCookieConfig;

/** The session cookie's {@code SameSite}, which every server writes: see {@code package-info}. */
public final class SessionCookieSameSite {

    private static final String SAME_SITE = "SameSite";

    private SessionCookieSameSite() {
    }

    /** Sets {@code value} ({@code Lax}, {@code Strict} or {@code None}) as the session cookie's {@code SameSite}. */
    public static void set(SessionCookieConfig cookie, String value) {
        cookie.setAttribute(SAME_SITE, value);
        try {
            cookie.getClass().getMethod("set" + SAME_SITE, String.class).invoke(cookie, value);
        } catch (NoSuchMethodException notPayara) {
            // The attribute is enough.
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot set the session cookie's SameSite on " + cookie.getClass(), e);
        }
    }
}

/**
 * Repair of Payara's session cookie (seen on Payara Micro 7.2026.11; applied, and tested, on Payara Micro 6.2025.10
 * and Payara Server 6.2025.9 too): Catalina's {@code Request.configureSessionCookie} copies the domain, path,
 * {@code Secure} and {@code HttpOnly} of the {@code SessionCookieConfig} to the session cookie, but none of its
 * attributes (Servlet 6.0 {@code setAttribute}, web.xml's {@code <cookie-config><attribute>}), so the cookie gets no
 * {@code SameSite}. The HTTP listeners' {@code cookie-same-site-value} is a server-wide constant, and written twice
 * (payara/Payara issue 7254). {@link com.changebank.platform.session.SessionCookieSameSite} also sets Payara's own
 * per-application value, {@code WebSessionCookieConfig.setSameSite} (what {@code payara-web.xml}'s
 * {@code cookieSameSite} sets), which Payara writes once, in lower case. WildFly (Undertow) takes the attribute.
 * Report to file with Payara: "The session cookie carries none of the SessionCookieConfig's attributes." Delete this
 * package when ChangeBank's session cookie carries {@code SameSite=None} on Payara with the attribute alone
 * ({@code CrossSiteLogoutIT} checks the cookie on every server).
 */
package com.changebank.platform.session;

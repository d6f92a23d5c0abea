/**
 * Repair of Payara's session cookie (seen on Payara Micro 7.2026.11; applied, and tested, on Payara Micro 6.2025.10 and
 * Payara Server 6.2025.9 too): Catalina's {@code Request.configureSessionCookie} copies the domain, path,
 * {@code Secure} and {@code HttpOnly} of the {@code SessionCookieConfig} to the session cookie, but none of its
 * attributes (Servlet 6.0 {@code setAttribute}, web.xml's {@code <cookie-config><attribute>}), so the cookie gets no
 * {@code SameSite}. The HTTP listeners' {@code cookie-same-site-value} is a server-wide constant, and written twice
 * (<a href="https://github.com/payara/Payara/issues/7254">payara/Payara 7254</a>, open).
 * {@link com.changebank.platform.session.SessionCookieSameSite} also sets Payara's own per-application value,
 * {@code WebSessionCookieConfig.setSameSite} (what {@code payara-web.xml}'s {@code cookieSameSite} sets), which Payara
 * writes once, in lower case. WildFly (Undertow) takes the attribute. Related, merged: the listeners' setting
 * (<a href="https://github.com/payara/Payara/pull/6200">payara/Payara 6200</a>) and {@code payara-web.xml}'s
 * (<a href="https://github.com/payara/Payara/pull/6247">6247</a>,
 * <a href="https://github.com/payara/Payara/pull/7199">7199</a>); Servlet 6.0's generic cookie attributes, instead of a
 * {@code SameSite} method (<a href="https://github.com/jakartaee/servlet/issues/175">jakartaee/servlet 175</a>,
 * <a href="https://github.com/jakartaee/servlet/issues/465">465</a>). None reports the session cookie dropping them.
 * Report to file with Payara: "The session cookie carries none of the SessionCookieConfig's attributes." Delete this
 * package when ChangeBank's session cookie carries {@code SameSite=None} on Payara with the attribute alone
 * ({@code CrossSiteLogoutIT} checks the cookie on every server).
 */
package com.changebank.platform.session;

/**
 * Repairs of the platform: what the servers' Jakarta Security, Jakarta MVC and Jakarta Authorization leave undone,
 * kept apart from ChangeBank's own code ({@code com.changebank} and its other packages). One package per repaired
 * component; each {@code package-info} names the defect, the versions it was seen in, the upstream issue or the
 * report to file, and when the package can be deleted. {@code docs/platform-repairs.md} explains each at length.
 * <ul>
 * <li>{@link com.changebank.platform.openid}: the OpenID Connect mechanism (Soteria, WildFly's copy of it);</li>
 * <li>{@link com.changebank.platform.mvc}: Jakarta MVC (Eclipse Krazo): its view writer, CSRF tokens, a filter;</li>
 * <li>{@link com.changebank.platform.authorization}: Jakarta Authorization on Payara 7 (Exousia);</li>
 * <li>{@link com.changebank.platform.web}: how the servers' Jakarta REST and servlet containers differ on error
 * pages and static files;</li>
 * <li>{@link com.changebank.platform.session}: the session cookie's {@code SameSite} on Payara.</li>
 * </ul>
 * ChangeBank's own code reaches them only through {@link com.changebank.platform.openid.ProviderSettings} (which
 * its configuration implements), {@link com.changebank.platform.openid.ProviderClient} (the readiness check),
 * {@link com.changebank.platform.mvc.SessionCsrfTokens}, {@link com.changebank.platform.mvc.CsrfField} and
 * {@link com.changebank.platform.session.SessionCookieSameSite}; the
 * rest is found by the servers (CDI extensions, providers, listeners, filters). {@code ArchitectureTest} keeps it so.
 */
package com.changebank.platform;

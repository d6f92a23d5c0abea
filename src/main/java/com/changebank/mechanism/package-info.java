/**
 * What ChangeBank adds to the server's OpenID Connect mechanism, apart from ChangeBank's own login (its
 * configuration, callback and logout, in {@code com.changebank.security}). The mechanism is the server's: Soteria
 * on Payara, WildFly's copy of it on WildFly. {@link com.changebank.mechanism.MechanismHooks} puts interceptors on
 * its classes, matched by name, and stops the deployment if one is missing:
 * <ul>
 * <li>PKCE (RFC 7636, S256) on every login: {@link com.changebank.mechanism.AuthorizationRequestHook} and
 * {@link com.changebank.mechanism.TokenRequestHook};</li>
 * <li>one pending login per authorization request, so that logins started in two tabs both succeed:
 * {@link com.changebank.mechanism.PendingLogins};</li>
 * <li>a time-out on every call to the provider, and an HTML error page from it taken for what it is:
 * {@link com.changebank.mechanism.ProviderClient};</li>
 * <li>the app's own error pages for every failed login: {@link com.changebank.mechanism.LoginGuard}.</li>
 * </ul>
 */
package com.changebank.mechanism;

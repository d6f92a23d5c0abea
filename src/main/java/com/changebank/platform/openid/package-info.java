/**
 * Repairs of the Jakarta Security OpenID Connect mechanism: Soteria 3.0.3 (Payara 6.2025.10), Soteria 4.0.2 (Payara
 * 7.2026.11) and WildFly 39's copy of it ({@code org.wildfly.security.soteria.original}). The mechanism's classes
 * are the server's, so {@link com.changebank.platform.openid.MechanismHooks} binds interceptors to them by class
 * name, and stops the deployment with one line if one is missing: a login without PKCE or time-outs must never
 * pass silently.
 * <table>
 * <caption>Defects repaired, and the report to file where no upstream issue exists</caption>
 * <tr><th>Defect</th><th>Repaired by</th></tr>
 * <tr><td>No PKCE (RFC 7636): the authorization request has no challenge, the token request is a fixed form
 * (Soteria, all versions; the Jakarta Security 3.0 and 4.0 APIs have no setting for it). Report: "OpenID
 * mechanism: support PKCE S256 (code_challenge on the authorization request, code_verifier on the token request),
 * as OAuth 2.1 and FusionAuth's Required policy demand."</td>
 * <td>{@link com.changebank.platform.openid.AuthorizationRequestHook},
 * {@link com.changebank.platform.openid.TokenRequestHook}</td></tr>
 * <tr><td>No time-out on the token, refresh, discovery and userinfo requests: a provider that accepts the
 * connection and never answers holds the user's request for good. Report: "OpenID mechanism: connect and read
 * time-outs for every request to the provider, not only JWKS."</td>
 * <td>{@link com.changebank.platform.openid.ProviderClient} and the hooks</td></tr>
 * <tr><td>Every requested scope missing from a non-empty {@code scopes_supported} is refused before the login
 * starts ({@code ConfigurationController}), although OpenID Connect Discovery 1.0, section 3, lets a provider
 * leave supported scopes out; FusionAuth lists only {@code openid} and {@code offline_access}. Report: "OpenID
 * mechanism: do not refuse scopes missing from scopes_supported; the list is not exhaustive."</td>
 * <td>{@link com.changebank.platform.openid.DiscoveryHook}</td></tr>
 * <tr><td>One login under way per session: a login started in a second tab overwrites the first's state and
 * nonce, and the first fails. Report: "OpenID mechanism: keep state, nonce and original request per login."</td>
 * <td>{@link com.changebank.platform.openid.PendingLogins}, {@link com.changebank.platform.openid.LoginGuard}</td></tr>
 * <tr><td>The ID token is verified with whatever its header names: RS/ES against the provider's keys, any HS* with
 * the client secret as the key, and an unsigned one ({@code alg: none}) accepted; at refresh as at login. A failed
 * login is a bare status (an empty page), and a provider's {@code error} callback is not logged; Payara throws on a
 * callback without a login under way. Report: "OpenID mechanism: pin the ID token's algorithm (OpenID Connect
 * Core 3.1.3.7, id_token_signed_response_alg), refuse alg none unless registered; report provider errors."</td>
 * <td>{@link com.changebank.platform.openid.LoginGuard},
 * {@link com.changebank.platform.openid.ProviderErrors}</td></tr>
 * <tr><td>The redirect URI and the callback's expected address are built from the request: behind a proxy that
 * terminates TLS they are {@code http://} (payara/Payara issue 6653: {@code X-Forwarded-Proto} ignored). Report:
 * "OpenID mechanism: a configured public base URL for redirectURI".</td>
 * <td>{@link com.changebank.platform.openid.PublicAddress}, {@link com.changebank.platform.openid.LoginGuard}</td></tr>
 * <tr><td>The discovery document's {@code issuer} is never compared with the configured provider (OpenID Connect
 * Discovery 1.0, 4.3, requires it), nor its endpoints' scheme; answers are read whole, whatever their size. Report:
 * "OpenID mechanism: check the discovery issuer; bound the provider's answers".</td>
 * <td>{@link com.changebank.platform.openid.ProviderClient}</td></tr>
 * <tr><td>WildFly 39: refreshing expired tokens notifies Elytron of the same caller again, which it refuses
 * (ELY01088).</td>
 * <td>{@code LoginGuard.Guarded}</td></tr>
 * <tr><td>The login does not serialize (eclipse-ee4j/soteria issue 379): the session-scoped
 * {@code OpenIdContextImpl} holds Nimbus-backed tokens and a JSON-P object; and on Payara its injected proxies name
 * Soteria's beans by an id that includes the name of whichever server extension Payara's {@code DeploymentImpl}
 * meets first (all server extensions share one bean archive, named after it), which another JVM may name otherwise:
 * another node failed to read the session with WELD-001500. So a replicated or redeployed session lost its login.
 * Report to file with Payara: "Bean ids of server extensions' beans differ between JVMs: client proxies to Soteria's
 * beans cannot be deserialized on another cluster member."</td>
 * <td>{@link com.changebank.platform.openid.LoginState} (with {@link com.changebank.platform.openid.JwtPayload} and
 * {@link com.changebank.platform.openid.PortableJson}), {@link com.changebank.platform.openid.MechanismHooks} (the
 * context request-scoped), {@link com.changebank.platform.openid.LoginGuard}</td></tr>
 * <tr><td>A userinfo answer that is not JSON, or a 401, becomes a server error.</td>
 * <td>{@link com.changebank.platform.openid.UserInfoHook}</td></tr>
 * </table>
 * Delete this package when the servers ChangeBank runs on have a mechanism with PKCE, time-outs on every request,
 * no {@code scopes_supported} check, a login per authorization request and a login that serializes across JVMs;
 * {@code AttackIT}, {@code ProviderFaultIT}, {@code TwoTabsIT}, {@code FusionAuthIT}, {@code ClusterFailoverIT} and
 * {@code ChangeBankIT.aSessionSerializedAndReadBackKeepsTheLogin} then tell whether the mechanism alone passes.
 */
package com.changebank.platform.openid;

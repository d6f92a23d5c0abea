/**
 * Repairs of the Jakarta Security OpenID Connect mechanism: Soteria 3.0.3 (Payara 6.2025.10), Soteria 4.0.2 (Payara
 * 7.2026.11) and WildFly 39's copy of it ({@code org.wildfly.security.soteria.original}). The mechanism's classes
 * are the server's, so {@link com.changebank.platform.openid.MechanismHooks} binds interceptors to them by class
 * name, and stops the deployment with one line if one is missing: a login without PKCE or time-outs must never
 * pass silently.
 * <table>
 * <caption>Defects repaired, the upstream issues (searched in eclipse-ee4j/soteria, payara/Payara, jakartaee/security
 * and wildfly; "none found" means that search found none, and the report to file is given), and the test that tells
 * whether the mechanism alone passes</caption>
 * <tr><th>Defect and upstream issues</th><th>Repaired by</th><th>Test</th></tr>
 * <tr><td>No PKCE (RFC 7636): the authorization request has no challenge, the token request is a fixed form
 * (Soteria, all versions; the Jakarta Security 3.0 and 4.0 APIs have no setting for it). Report: "OpenID
 * mechanism: support PKCE S256 (code_challenge on the authorization request, code_verifier on the token request),
 * as OAuth 2.1 and FusionAuth's Required policy demand." None found.</td>
 * <td>{@link com.changebank.platform.openid.AuthorizationRequestHook},
 * {@link com.changebank.platform.openid.TokenRequestHook}</td>
 * <td>{@code ChangeBankIT} (Keycloak requires PKCE), {@code FusionAuthIT}</td></tr>
 * <tr><td>No time-out on the token, refresh, discovery and userinfo requests: a provider that accepts the
 * connection and never answers holds the user's request for good. Report: "OpenID mechanism: connect and read
 * time-outs for every request to the provider, not only JWKS." None found.</td>
 * <td>{@link com.changebank.platform.openid.ProviderClient} and the hooks</td>
 * <td>{@code ProviderFaultIT}</td></tr>
 * <tr><td>Every requested scope missing from a non-empty {@code scopes_supported} is refused before the login
 * starts ({@code ConfigurationController}), although OpenID Connect Discovery 1.0, section 3, lets a provider
 * leave supported scopes out; FusionAuth lists only {@code openid} and {@code offline_access}. Report: "OpenID
 * mechanism: do not refuse scopes missing from scopes_supported; the list is not exhaustive." None found.</td>
 * <td>{@link com.changebank.platform.openid.DiscoveryHook}</td>
 * <td>{@code FusionAuthIT} (the stand-in lists FusionAuth's two scopes)</td></tr>
 * <tr><td>One login under way per session: a login started in a second tab overwrites the first's state and
 * nonce, and the first fails. Report: "OpenID mechanism: keep state, nonce and original request per login." None
 * found for the mechanism; Spring Security made the same choice, one authorization request per session
 * (<a href="https://github.com/spring-projects/spring-security/issues/16336">spring-security 16336</a>, open; it
 * kept several before: <a href="https://github.com/spring-projects/spring-security/issues/5110">5110</a>,
 * <a href="https://github.com/spring-projects/spring-security/pull/9649">9649</a>). Related: Payara's own connector
 * locks a session's authentication and refresh
 * (<a href="https://github.com/payara/Payara/pull/4419">payara/Payara 4419</a>, merged), as
 * {@code LoginGuard}'s refresh does.</td>
 * <td>{@link com.changebank.platform.openid.PendingLogins}, {@link com.changebank.platform.openid.LoginGuard}</td>
 * <td>{@code TwoTabsIT}</td></tr>
 * <tr><td>The ID token is verified with whatever its header names: RS/ES against the provider's keys, any HS* with
 * the client secret as the key, and an unsigned one ({@code alg: none}) accepted; at refresh as at login. A failed
 * login is a bare status (an empty page), and a provider's {@code error} callback is not logged; Payara throws on a
 * callback without a login under way. Report: "OpenID mechanism: pin the ID token's algorithm (OpenID Connect
 * Core 3.1.3.7, id_token_signed_response_alg), refuse alg none unless registered; report provider errors." None
 * found.</td>
 * <td>{@link com.changebank.platform.openid.LoginGuard},
 * {@link com.changebank.platform.openid.ProviderErrors}</td>
 * <td>{@code AttackIT}</td></tr>
 * <tr><td>The redirect URI and the callback's expected address are built from the request: behind a proxy that
 * terminates TLS they are {@code http://}: the same defect as
 * <a href="https://github.com/payara/Payara/issues/6653">payara/Payara 6653</a> ({@code X-Forwarded-Proto}
 * ignored, closed). Report: "OpenID mechanism: a configured public base URL for redirectURI".</td>
 * <td>{@link com.changebank.platform.openid.PublicAddress}, {@link com.changebank.platform.openid.LoginGuard}</td>
 * <td>{@code TlsProxyIT}</td></tr>
 * <tr><td>The discovery document's {@code issuer} is never compared with the configured provider (OpenID Connect
 * Discovery 1.0, 4.3, requires it), nor its endpoints' scheme; answers are read whole, whatever their size. Report:
 * "OpenID mechanism: check the discovery issuer; bound the provider's answers". None found.</td>
 * <td>{@link com.changebank.platform.openid.ProviderClient}</td>
 * <td>{@code ProviderFaultIT} ({@code FOREIGN_ISSUER}, {@code HUGE_DISCOVERY})</td></tr>
 * <tr><td>WildFly 39: refreshing expired tokens notifies Elytron of the same caller again, which it refuses
 * (ELY01088). None found (the nearest, wildfly-security/wildfly-elytron 1760, is about Elytron's own OIDC).</td>
 * <td>{@code LoginGuard.Guarded}</td>
 * <td>{@code FusionAuthIT} and {@code SoakIT} on WildFly (they refresh)</td></tr>
 * <tr><td>The login does not serialize
 * (<a href="https://github.com/eclipse-ee4j/soteria/issues/379">eclipse-ee4j/soteria 379</a>, open, the same defect
 * on WildFly 31; an earlier one, <a href="https://github.com/eclipse-ee4j/soteria/issues/218">218</a>, closed): the
 * session-scoped
 * {@code OpenIdContextImpl} holds Nimbus-backed tokens and a JSON-P object; and on Payara its injected proxies name
 * Soteria's beans by an id that includes the name of whichever server extension Payara's {@code DeploymentImpl}
 * meets first (all server extensions share one bean archive, named after it), which another JVM may name otherwise:
 * another node failed to read the session with WELD-001500. So a replicated or redeployed session lost its login.
 * Report to file with Payara: "Bean ids of server extensions' beans differ between JVMs: client proxies to Soteria's
 * beans cannot be deserialized on another cluster member." Related, closed: Weld's bean identifier index broke
 * sessions across a cluster and redeployments (<a href="https://github.com/payara/Payara/issues/300">payara/Payara
 * 300</a>, turned off by <a href="https://github.com/payara/Payara/pull/422">422</a>), and Payara Server and Micro
 * named the same bean archive differently (<a href="https://github.com/payara/Payara/pull/2470">2470</a>).</td>
 * <td>{@link com.changebank.platform.openid.LoginState} (with {@link com.changebank.platform.openid.JwtPayload} and
 * {@link com.changebank.platform.openid.PortableJson}), {@link com.changebank.platform.openid.MechanismHooks} (the
 * context request-scoped), {@link com.changebank.platform.openid.LoginGuard}</td>
 * <td>{@code ClusterFailoverIT}, {@code ChangeBankIT.aSessionSerializedAndReadBackKeepsTheLogin}</td></tr>
 * <tr><td>A userinfo answer that is not JSON, or a 401, becomes a server error. None found.</td>
 * <td>{@link com.changebank.platform.openid.UserInfoHook}</td>
 * <td>{@code FusionAuthIT.aUserinfoRefusalEndsTheSessionWithTheLoginPageNotAServerError}</td></tr>
 * </table>
 * Delete this package when the servers ChangeBank runs on have a mechanism with PKCE, time-outs on every request,
 * no {@code scopes_supported} check, a login per authorization request and a login that serializes across JVMs; a
 * hook whose row's test passes with the hook removed from {@link com.changebank.platform.openid.MechanismHooks} can
 * go on its own.
 */
package com.changebank.platform.openid;

/**
 * A stand-in for FusionAuth, built from FusionAuth's documentation, because FusionAuth itself cannot run where the
 * tests run. {@link com.changebank.support.fusionauth.FusionAuthStandIn} serves the endpoints; it configures itself
 * from the project's {@code kickstart/kickstart.json} through {@link com.changebank.support.fusionauth.Kickstart},
 * which reads each request body into FusionAuth's own API classes ({@code io.fusionauth:fusionauth-java-client}),
 * whose defaults stand for what the kickstart leaves out. Nothing here was recorded from a running FusionAuth.
 * <p>
 * Sources: "site" is the repository {@code FusionAuth/fusionauth-site}; "EP" is its
 * {@code astro/src/content/docs/lifecycle/authenticate-users/oauth/endpoints.mdx}; "flask" is the repository
 * {@code FusionAuth/fusionauth-quickstart-python-flask-web}, as of commit {@code 3867340} (2026-05-06), whose
 * {@code kickstart/kickstart.json} the project's kickstart follows where it applies (see {@code Kickstart}).
 * <b>Guess</b> marks what no documentation says, and what the stand-in does instead.
 * <table>
 * <caption>What the stand-in does, and where it comes from</caption>
 * <tr><th>Behaviour</th><th>Source</th></tr>
 * <tr><td>The discovery document is FusionAuth's documented one, verbatim, with only its host
 * ({@code https://piedpiper.fusionauth.io}) and issuer ({@code piedpiper.fusionauth.io}) replaced by the stand-in's
 * address and the tenant's issuer. Its {@code scopes_supported} is {@code ["openid", "offline_access"]}.</td>
 * <td>site {@code astro/src/content/json/openid/configuration/response.json}, kept as
 * {@code src/test/resources/fusionauth/openid/configuration/response.json}</td></tr>
 * <tr><td>The issuer in the tokens and in the callback's {@code iss} is the tenant's, which the kickstart's
 * {@code PATCH /api/tenant} sets; the endpoints' host is the stand-in's own address.</td>
 * <td>site {@code .../oauth/tokens.mdx} ({@code iss}: "always the value defined in the tenant JWT configuration"),
 * {@code .../oauth/issuer-validation.mdx}</td></tr>
 * <tr><td>The JWKS publishes two RSA keys: the kickstart's generated RS256 key, which signs both tokens
 * ({@code accessTokenKeyId}, {@code idTokenKeyId}), and one standing for the default installation's key pair.
 * Fields {@code kty, e, use, kid, alg, n}, as in the documented example.</td>
 * <td>EP ("Since version 1.50.0, default FusionAuth installations have a single RSA public/private key pair");
 * example: site {@code site/docs/src/json/openid/jwks/response.json}. <b>Guess</b>: no {@code x5c},
 * {@code x5t}.</td></tr>
 * <tr><td>{@code GET /oauth2/authorize} without an SSO session answers 200 with a login form posted to
 * {@code /oauth2/authorize}: the request's parameters as hidden fields, {@code loginId}, {@code password},
 * {@code rememberDevice}.</td>
 * <td>EP (200: "an HTML form to collect login credentials"); flask {@code kickstart/templates/oauth2Authorize.ftl},
 * {@code helpers.ftl} ({@code oauthHiddenFields}). The page's markup is the stand-in's own.</td></tr>
 * <tr><td>A wrong password shows the form again with "Invalid login credentials.", status 200.</td>
 * <td>flask {@code kickstart/templates/defaultMessages.txt} ({@code [InvalidLogin]}). <b>Guess</b>: the
 * status.</td></tr>
 * <tr><td>Only a login with "Keep me signed in" ({@code rememberDevice=true}) opens an SSO session, kept in the
 * {@code fusionauth.sso} cookie for the tenant's 3600 s; a later authorization request with it goes straight back
 * with a code (302).</td>
 * <td>site {@code .../lifecycle/authenticate-users/logout-session-management.mdx},
 * {@code astro/src/content/json/generated/cookies.json}, {@code apis/tenants/_tenant-request-body.mdx}
 * ({@code httpSessionMaxInactiveInterval} 3600); EP (302). <b>Guess</b>: the cookie's attributes, and a fixed
 * rather than an inactivity time-out.</td></tr>
 * <tr><td>The {@code redirect_uri} must equal one of the application's {@code authorizedRedirectURLs} exactly
 * (the default policy); an unknown {@code client_id} or redirect URI gets an error page (400), never a redirect.</td>
 * <td>site {@code astro/src/content/docs/_shared/_application-oauth-settings.mdx} ("must match a configured value
 * exactly"); the Java client's {@code authorizedURLValidationPolicy = ExactMatch}. <b>Guess</b>: the page and its
 * status; the body {@code invalid_request}/{@code invalid_redirect_uri} is as seen in a public FusionAuth issue
 * (FusionAuth/fusionauth-example-react#22), not in the docs.</td></tr>
 * <tr><td>Other authorization errors go back to the redirect URI as {@code error}, {@code error_reason},
 * {@code error_description} and {@code state}: {@code unsupported_response_type}/{@code invalid_response_type}
 * (documented); an unknown scope (policy {@code Reject}) {@code invalid_scope}/{@code unknown_scope}; a missing
 * challenge under PKCE {@code Required} {@code invalid_request}/{@code missing_code_challenge}; a method other than
 * S256 {@code invalid_request}/{@code invalid_pkce_code_challenge_method}.</td>
 * <td>EP ("OAuthError", its example and its lists of errors and reasons); unknown scope policy {@code Reject} and
 * the provided scopes: site {@code .../oauth/scopes.mdx}, {@code apis/_application-request-body.mdx}. <b>Guess</b>:
 * which {@code error} goes with each of the last three reasons, and that PKCE is checked at the authorization
 * request already.</td></tr>
 * <tr><td>A successful login goes back with {@code code}, {@code iss}, {@code locale}, {@code state} and
 * {@code userState=Authenticated}; the code is good once, for 30 s.</td>
 * <td>site {@code astro/src/content/docs/_shared/_oauth-authorize-redirect-parameters.mdx} ({@code iss} since
 * 1.69.0); {@code apis/tenants/_tenant-request-body.mdx} ({@code authorizationGrantIdTimeToLiveInSeconds} 30).
 * <b>Guess</b>: {@code locale=en}.</td></tr>
 * <tr><td>The token endpoint takes the client's secret in the body or as HTTP Basic, and requires it (policy
 * {@code Required}); else 401 {@code invalid_client}.</td>
 * <td>site {@code .../oauth/_authorization-header.mdx}, EP (401 "The client could not be verified",
 * "Client Secret" table), {@code _application-oauth-settings.mdx} (Required is the default). <b>Guess</b>: the
 * error body.</td></tr>
 * <tr><td>PKCE: a code whose request had a challenge needs a {@code code_verifier} whose S256 matches; the
 * redirect URI must be the authorization request's.</td>
 * <td>EP ({@code code_verifier}), site {@code apis/_application-oauthConfiguration-proofKeyForCodeExchangePolicy.mdx}.
 * <b>Guess</b>: 400 {@code invalid_request}/{@code missing_code_verifier} and {@code invalid_grant}/
 * {@code invalid_pkce_code_verifier}; an unknown code {@code invalid_grant}/{@code auth_code_not_found}.</td></tr>
 * <tr><td>The code grant answers {@code access_token, expires_in, id_token, refresh_token, refresh_token_id, scope,
 * token_type, userId}; {@code id_token} only under {@code openid}, the refresh token only under
 * {@code offline_access} with {@code generateRefreshTokens} and the refresh grant enabled.</td>
 * <td>site {@code astro/src/content/json/oauth/authorization_code_grant_response.json}, EP (the fields)</td></tr>
 * <tr><td>The refresh grant answers {@code access_token, expires_in, id_token, token_type, userId}: no new
 * {@code refresh_token} under the usage policy {@code Reusable} (the default); a new one, the old one void, under
 * {@code OneTimeUse}.</td>
 * <td>site {@code astro/src/content/json/oauth/refresh_token_grant_response.json},
 * {@code apis/_application-request-body.mdx} ({@code refreshTokenUsagePolicy}). <b>Guess</b>: the field name under
 * OneTimeUse; an unknown refresh token 400 {@code invalid_grant}/{@code refresh_token_not_found}.</td></tr>
 * <tr><td>ID token: {@code aud} (the client id), {@code exp}, {@code iat}, {@code iss}, {@code sub}, {@code jti},
 * {@code authenticationType} (PASSWORD), {@code auth_time}, {@code at_hash}, {@code c_hash} (at the code grant),
 * {@code nonce}, {@code sid}, {@code tid}, {@code scope}; with Strict scope handling (the default) {@code email} and
 * {@code email_verified} only under {@code email}, {@code given_name}, {@code family_name}, {@code name},
 * {@code birthdate} only under {@code profile}. Header {@code typ JWT}, {@code kid}, {@code gty}.</td>
 * <td>site {@code .../oauth/tokens.mdx} ("Id Token Claims", JWT header), {@code .../oauth/scopes.mdx}.
 * <b>Guess</b>: {@code sid} also without an SSO session.</td></tr>
 * <tr><td>Access token: the same common claims, {@code applicationId}, {@code roles}, and {@code sid} (the refresh
 * token's id); nothing else about the user under Strict.</td>
 * <td>site {@code astro/src/content/docs/_shared/_access-token-claims.mdx}, {@code .../oauth/scopes.mdx}</td></tr>
 * <tr><td>Userinfo ({@code Authorization: Bearer}) takes a valid access token with the {@code openid} scope and
 * answers {@code sub} and the claims of its scopes (Strict); else 401.</td>
 * <td>EP (userinfo; 401), site {@code astro/src/content/docs/_shared/_userinfo-response.mdx}. <b>Guess</b>: the
 * 401's body {@code invalid_token}/{@code access_token_invalid}.</td></tr>
 * <tr><td>{@code /oauth2/logout} (GET or POST) ends the SSO session and answers its logout page: an iframe loading
 * the application's {@code logoutURL} (logout behaviour All applications, the default), then a meta refresh after
 * 2 s to {@code post_logout_redirect_uri}, else the {@code logoutURL}, else {@code /}. A
 * {@code post_logout_redirect_uri} that is not an authorized redirect URL gets an error page. It revokes no
 * refresh token.</td>
 * <td>EP (logout, its precedence, "does not revoke refresh tokens"); site {@code _application-oauth-settings.mdx}
 * ("called within an iframe"); flask {@code kickstart/templates/oauth2Logout.ftl} (the iframes, the 2 s refresh).
 * <b>Guess</b>: the page's status 200, the error page for an unauthorized address (seen in FusionAuth's issue
 * tracker, fusionauth-issues#2406), {@code state} appended to the address.</td></tr>
 * <tr><td>{@code DELETE /api/jwt/refresh} revokes refresh tokens: one by {@code token} (in the query, or in an
 * {@code application/x-www-form-urlencoded} body, which keeps it out of access logs), one by
 * {@code /api/jwt/refresh/{tokenId}} (the {@code refresh_token_id}, the access token's {@code sid}), all of a
 * {@code userId}, of an {@code applicationId}, or of both. Success is 200 with an empty body; the refresh grant
 * then refuses the token (400 {@code invalid_grant}, above). Every other method on the path: 405.</td>
 * <td>site {@code astro/src/content/docs/apis/jwt.mdx} ("Revoke Refresh Tokens": the five forms, the body,
 * "does not return a JSON response body"), {@code apis/_standard-delete-response-codes.astro} (200, 401, 404;
 * {@code no_errors}: no 400 listed). <b>Guess</b>: 405 for the methods the stand-in does not serve there
 * (FusionAuth serves GET and POST); the token taken from the query before the body.</td></tr>
 * <tr><td>Authentication: the API key as the whole {@code Authorization} header (no scheme), any of the kickstart's
 * {@code apiKeys} with no endpoint permissions or DELETE on {@code /api/jwt/refresh}, allows every form. A JWT
 * ({@code Authorization: Bearer}, or the {@code access_token} cookie when there is no header), the stand-in's own
 * signed and unexpired token, allows only the two single-token forms, and only for a token of its {@code sub}.
 * Otherwise 401, empty. {@code Basic apikey:...} is not taken here.</td>
 * <td>site {@code apis/authentication.mdx} ("API Key Authentication", "JWT Authentication", its cookie example,
 * "Managing API Keys": no endpoints selected means all, another endpoint 401; Basic only for "a select few"
 * APIs); {@code jwt.mdx} (userId and applicationId forms API key only; "the JWT owner and token owner must
 * match"); {@code get-started/download-and-install/development/kickstart.mdx} ({@code apiKeys}, {@code key},
 * {@code permissions.endpoints}). <b>Guess</b>: 401 for a JWT on an API-key form and for another user's token
 * (the overview's "improper credentials"; the docs name no status for either); a tenant-scoped key treated as
 * global (one tenant here); an ID token taken as the JWT as well (same key; FusionAuth may refuse it); a JWT
 * stays good after its session's refresh token is revoked, until it expires.</td></tr>
 * <tr><td>Revoking by {@code userId} also ends the user's SSO sessions, a refresh token of no application; by
 * {@code applicationId} (or with {@code userId}) leaves them; an SSO session's id is revoked by
 * {@code /{tokenId}}.</td>
 * <td>site {@code .../lifecycle/authenticate-users/logout-session-management.mdx} ("Working With The FusionAuth
 * SSO Session": deleting all of a user's refresh tokens deletes it; the SSO refresh token "has no associated
 * application Id"). <b>Guess</b>: that the SSO session's id is the one {@code /{tokenId}} takes; the
 * stand-in's is its {@code fusionauth.sso} cookie's value and the ID token's {@code sid}.</td></tr>
 * <tr><td>An unknown token or token id, an unknown user, an application other than the kickstart's: 404, empty. A
 * known user without tokens: 200. No form at all, or a {@code userId}/{@code applicationId} that is not a UUID:
 * 400, empty.</td>
 * <td><b>Guess</b> throughout: the standard delete codes' 404 ("doesn't exist") applied to each of these; the
 * 400, which this API's table leaves out; FusionAuth's 400 would carry an Errors body.</td></tr>
 * <tr><td>The discovery document has no {@code revocation_endpoint}: FusionAuth has no RFC 7009 endpoint.</td>
 * <td>site {@code astro/src/content/json/openid/configuration/response.json} (none listed), {@code jwt.mdx}</td></tr>
 * </table>
 * What only a live FusionAuth can show: the exact markup of its pages, its error bodies and statuses where marked
 * as guesses, whether its current discovery document still lists only {@code openid} and {@code offline_access},
 * and the token lifetimes it applies when an application's JWT configuration is enabled without them (the
 * kickstart does that; the stand-in takes the Java client's defaults, 3600 s, as in the documented examples).
 * <p>
 * Below the endpoints, {@code FusionAuthStandIn} has the tests' controls, which are not FusionAuth's: forged ID
 * tokens, outages, users registered by a test, an administrator's revocation over HTTP with the kickstart's API key,
 * the record of each revocation request, and the count of a user's live refresh tokens and SSO sessions.
 */
package com.changebank.support.fusionauth;

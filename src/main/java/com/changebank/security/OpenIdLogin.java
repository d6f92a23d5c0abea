package com.changebank.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;

/**
 * The login: Jakarta Security's OpenID Connect mechanism, at the provider's discovery document, with the settings of
 * {@link OidcConfig}. The mechanism reads them by expression, from this bean, which offers what it needs and nothing
 * else: no client secret, which any page's expression could otherwise print. The mechanism would use the secret for
 * its token requests, which the token hook makes in its place, and to check ID tokens signed with it (HMAC), which
 * {@code ID_TOKEN_SIGNING_ALG} does not allow.
 */
@Named("openIdLogin")
@ApplicationScoped
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${openIdLogin.discoveryUri}",
        clientId = "${openIdLogin.clientId}",
        redirectURI = "${baseURL}/callback",
        scopeExpression = "${openIdLogin.scope}",
        claimsDefinition = @ClaimsDefinition(callerNameClaim = "email"),
        tokenAutoRefresh = true,
        tokenMinValidity = OidcConfig.TOKEN_MIN_VALIDITY_MILLIS,
        // The keys are the one call to the provider the mechanism bounds itself: with the time-outs of the others.
        jwksConnectTimeoutExpression = "${openIdLogin.connectTimeoutMillis}",
        jwksReadTimeoutExpression = "${openIdLogin.readTimeoutMillis}")
public class OpenIdLogin {

    @Inject
    private OidcConfig config;

    public String getDiscoveryUri() {
        return config.getDiscoveryUri();
    }

    public String getClientId() {
        return config.getClientId();
    }

    public String getScope() {
        return config.getScope();
    }

    public int getConnectTimeoutMillis() {
        return config.getConnectTimeoutMillis();
    }

    public int getReadTimeoutMillis() {
        return config.getReadTimeoutMillis();
    }
}

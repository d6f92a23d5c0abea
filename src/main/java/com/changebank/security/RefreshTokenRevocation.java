package com.changebank.security;

import com.changebank.platform.openid.ProviderClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.security.enterprise.identitystore.openid.RefreshToken;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends the provider's record of a session that ChangeBank ends: its refresh token, which FusionAuth calls the
 * centralized session and keeps for 30 days unless revoked (FusionAuth's guide "Logout And Session Management",
 * fusionauth-site {@code lifecycle/authenticate-users/logout-session-management.mdx}). Where the discovery document
 * names a {@code revocation_endpoint} (Keycloak), RFC 7009; FusionAuth has none, so its Refresh Token API
 * ({@code apis/jwt.mdx}, "Revoke a single Refresh Token by value"): {@code DELETE /api/jwt/refresh} with the token in
 * a form body, which keeps it out of access logs, authenticated by the user's own access token, so that ChangeBank
 * needs no API key. A provider that refuses or does not answer within the time-outs costs one log line, never the
 * logout.
 */
@ApplicationScoped
public class RefreshTokenRevocation {

    private static final Logger LOG = Logger.getLogger(RefreshTokenRevocation.class.getName());
    /** FusionAuth's token endpoint; its APIs are at the same origin, under {@code /api}. */
    private static final String FUSIONAUTH_TOKEN_PATH = "/oauth2/token";

    @Inject
    private ProviderClient provider;

    @Inject
    private OidcConfig config;

    /** Revokes the refresh token of the login in {@code context}, if it has one; never throws. */
    public void revoke(OpenIdContext context) {
        Optional<String> refreshToken = context.getRefreshToken().map(RefreshToken::getToken);
        if (refreshToken.isEmpty()) {
            return;
        }
        try {
            JsonObject discovery = provider.discovery(config.getDiscoveryUri());
            String tokenEndpoint = discovery.getString("token_endpoint", "");
            ProviderClient.Answer answer;
            if (discovery.containsKey("revocation_endpoint")) {
                answer = provider.post(discovery.getString("revocation_endpoint"), Map.of("token", refreshToken.get(),
                        "token_type_hint", "refresh_token", "client_id", config.getClientId(),
                        "client_secret", config.getClientSecret()));
            } else if (tokenEndpoint.endsWith(FUSIONAUTH_TOKEN_PATH)) {
                String api = tokenEndpoint.substring(0, tokenEndpoint.length() - FUSIONAUTH_TOKEN_PATH.length());
                answer = provider.delete(api + "/api/jwt/refresh", Map.of("token", refreshToken.get()),
                        context.getAccessToken().getToken());
            } else {
                LOG.warning("Refresh token not revoked: the provider has no revocation_endpoint and is not"
                        + " FusionAuth");
                return;
            }
            if (answer.status() != 200) {
                LOG.log(Level.WARNING, "Refresh token not revoked: the provider answered HTTP {0}", answer.status());
            }
        } catch (UncheckedIOException | IllegalStateException | ClassCastException e) {
            LOG.log(Level.WARNING, "Refresh token not revoked: {0}", e.getMessage());
        }
    }
}

package com.changebank.platform.openid;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What this repair needs to know of the application's OpenID Connect settings; the application's configuration bean
 * implements it, and CDI hands that bean to the hooks.
 */
public interface ProviderSettings {

    /** The provider's issuer, which its discovery document must name as its own. */
    String getIssuer();

    /** The address of the provider's discovery document. */
    String getDiscoveryUri();

    String getClientId();

    String getClientSecret();

    /** The scopes the login asks for, separated by spaces. */
    String getScope();

    /** The name of the setting that holds the scopes, for the log line of a refused scope. */
    String getScopeSetting();

    /** The one JWS algorithm ID tokens may be signed with, such as {@code RS256}. */
    String getIdTokenSigningAlgorithm();

    /** Whether the provider may be spoken to at {@code url} (https, or http where the application allows it). */
    boolean isAllowedEndpoint(String url);

    /**
     * The origin users reach the application at ({@code https://bank.example.com}), where a proxy stands in front of
     * it; empty where each request's own address is the right one.
     */
    Optional<URI> getAppUrl();

    /** The mechanism's {@code tokenMinValidity}: a token that expires within it is refreshed. */
    Duration getTokenMinValidity();

    Duration getConnectTimeout();

    Duration getReadTimeout();
}

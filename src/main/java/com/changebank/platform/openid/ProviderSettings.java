package com.changebank.platform.openid;

import java.time.Duration;

/**
 * What this repair needs to know of the application's OpenID Connect settings; the application's configuration bean
 * implements it, and CDI hands that bean to the hooks.
 */
public interface ProviderSettings {

    /** The address of the provider's discovery document. */
    String getDiscoveryUri();

    String getClientId();

    String getClientSecret();

    /** The scopes the login asks for, separated by spaces. */
    String getScope();

    /** The name of the setting that holds the scopes, for the log line of a refused scope. */
    String getScopeSetting();

    Duration getConnectTimeout();

    Duration getReadTimeout();
}

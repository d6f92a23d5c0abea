package com.changebank.mechanism;

import com.changebank.mechanism.MechanismHook.Point;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Reads the provider's discovery document for the mechanism through the bounded {@link ProviderClient}: the
 * mechanism's own request has no time-out, so a provider that accepts the connection and never answers would hold
 * the user's request, and a thread, for good.
 */
@MechanismHook(Point.DISCOVERY)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class DiscoveryHook {

    private static final String WELL_KNOWN = "/.well-known/openid-configuration";

    @Inject
    private ProviderClient provider;

    @AroundInvoke
    public Object discover(InvocationContext invocation) {
        // The mechanism accepts the issuer or the document's address; ChangeBank gives the address.
        String uri = ((String) invocation.getParameters()[0]).replaceAll("/+$", "");
        return provider.discovery(uri.endsWith(WELL_KNOWN) ? uri : uri + WELL_KNOWN);
    }
}

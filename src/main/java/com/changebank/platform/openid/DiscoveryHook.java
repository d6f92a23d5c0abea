package com.changebank.platform.openid;

import com.changebank.platform.openid.MechanismHook.Point;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * Reads the provider's discovery document for the mechanism through the bounded {@link ProviderClient}: the
 * mechanism's own request has no time-out, so a provider that accepts the connection and never answers would hold
 * the user's request, and a thread, for good.
 * <p>
 * The mechanism gets the document without {@code scopes_supported}. The mechanism refuses, before the login starts,
 * every requested scope that list leaves out, but OpenID Connect Discovery 1.0 (section 3) says a provider "MAY
 * choose not to advertise some supported scope values": FusionAuth lists only {@code openid} and
 * {@code offline_access}, and grants {@code email} and {@code profile}. The provider decides; a scope it truly
 * refuses comes back as an {@code invalid_scope} error, which {@link LoginGuard} reports.
 */
@MechanismHook(Point.DISCOVERY)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class DiscoveryHook {

    private static final String WELL_KNOWN = "/.well-known/openid-configuration";
    static final String SCOPES_SUPPORTED = "scopes_supported";

    @Inject
    private ProviderClient provider;

    @AroundInvoke
    public Object discover(InvocationContext invocation) {
        // The mechanism accepts the issuer or the document's address; ChangeBank gives the address.
        String uri = ((String) invocation.getParameters()[0]).replaceAll("/+$", "");
        JsonObject document = provider.discovery(uri.endsWith(WELL_KNOWN) ? uri : uri + WELL_KNOWN);
        return Json.createObjectBuilder(document).remove(SCOPES_SUPPORTED).build();
    }
}

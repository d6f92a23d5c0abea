package com.changebank.mechanism;

import com.changebank.mechanism.MechanismHook.Point;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.identitystore.openid.AccessToken;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;

/**
 * Asks the provider's userinfo endpoint for the mechanism, bounded like every other call ({@link ProviderClient}).
 * As the mechanism does, the answer must be about the user of the ID token (OpenID Connect Core 5.3.2): the same
 * {@code sub}, or it is refused.
 */
@MechanismHook(Point.USERINFO)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class UserInfoHook {

    @Inject
    private ProviderClient provider;

    @Inject
    private OpenIdContext context;

    @AroundInvoke
    public Object userInfo(InvocationContext invocation) {
        AccessToken accessToken = (AccessToken) invocation.getParameters()[1];
        ProviderClient.Answer answer = provider.get(provider.endpoint("userinfo_endpoint"), accessToken.getToken());
        JsonObject claims = answer.json("The userinfo endpoint");
        if (answer.status() != 200) {
            throw new IllegalStateException("The userinfo endpoint answered HTTP " + answer.status());
        }
        if (!context.getSubject().equals(claims.getString("sub", null))) {
            throw new IllegalStateException("The userinfo endpoint answered for another user than the ID token's");
        }
        return claims;
    }
}

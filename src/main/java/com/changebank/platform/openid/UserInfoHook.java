package com.changebank.platform.openid;

import com.changebank.platform.openid.MechanismHook.Point;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.identitystore.openid.AccessToken;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Asks the provider's userinfo endpoint for the mechanism, bounded like every other call ({@link ProviderClient}).
 * As the mechanism does, the answer must be about the user of the ID token (OpenID Connect Core 5.3.2): the same
 * {@code sub}, or it is refused. A 401 means the provider no longer takes the login's access token (revoked, or
 * the user logged out elsewhere): the local session ends, and the page is the 401 page, which offers a new login,
 * rather than a server error. The mechanism asks once per request now (its context is request-scoped, see
 * {@link LoginState}): the claims kept with the login answer, and the provider is asked only at login.
 */
@MechanismHook(Point.USERINFO)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class UserInfoHook {

    private static final Logger LOG = Logger.getLogger(UserInfoHook.class.getName());

    @Inject
    private ProviderClient provider;

    @Inject
    private OpenIdContext context;

    @Inject
    private HttpServletRequest request;

    public UserInfoHook() {
    }

    /** For the unit tests: the interceptor with what CDI injects. */
    UserInfoHook(ProviderClient provider, OpenIdContext context, HttpServletRequest request) {
        this.provider = provider;
        this.context = context;
        this.request = request;
    }

    @AroundInvoke
    public Object userInfo(InvocationContext invocation) {
        // Kept with the ID token they were checked against below, in the same state; a new login finds none there.
        Optional<PortableJson> kept = LoginState.of(request.getSession(false)).map(LoginState::claims);
        if (kept.isPresent()) {
            return kept.get();
        }
        AccessToken accessToken = (AccessToken) invocation.getParameters()[1];
        ProviderClient.Answer answer = provider.get(provider.endpoint("userinfo_endpoint"), accessToken.getToken());
        if (answer.status() == HttpServletResponse.SC_UNAUTHORIZED) {
            LOG.warning("The userinfo endpoint refused the login's access token (HTTP 401): the local session ends");
            LoginGuard.endLocalSession(request);
            throw new WebApplicationException(new JsonResponse(HttpServletResponse.SC_UNAUTHORIZED, "{}"));
        }
        JsonObject claims = answer.json("The userinfo endpoint");
        if (answer.status() != 200) {
            throw new IllegalStateException("The userinfo endpoint answered HTTP " + answer.status());
        }
        if (!context.getSubject().equals(claims.getString("sub", null))) {
            throw new IllegalStateException("The userinfo endpoint answered for another user than the ID token's");
        }
        return PortableJson.of(claims);
    }
}

package com.changebank.platform.openid;

import com.changebank.platform.openid.MechanismHook.Point;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.identitystore.openid.RefreshToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Makes the mechanism's token requests, at login and at refresh, in its place: with the login's PKCE verifier,
 * through the bounded {@link ProviderClient}, and with the status and content type checked before the body is
 * read. The mechanism's own request is a fixed form without a verifier, on a client without time-outs. Its answer
 * goes back to the mechanism in the type its version expects: a JAX-RS {@link Response} (Soteria 3, WildFly) or
 * Soteria 4's {@code TokenController.TokensResponse}.
 */
@MechanismHook(Point.TOKEN)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class TokenRequestHook {

    private static final Logger LOG = Logger.getLogger(TokenRequestHook.class.getName());

    @Inject
    private ProviderSettings config;

    @Inject
    private ProviderClient provider;

    public TokenRequestHook() {
    }

    /** For the unit tests: the interceptor with what CDI injects. */
    TokenRequestHook(ProviderSettings config, ProviderClient provider) {
        this.config = config;
        this.provider = provider;
    }

    @AroundInvoke
    public Object request(InvocationContext invocation) throws ReflectiveOperationException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", config.getClientId());
        form.put("client_secret", config.getClientSecret());
        Object argument = invocation.getParameters()[0];
        if (argument instanceof HttpServletRequest request) {
            Optional<PendingLogins.Login> login = PendingLogins.toExchange(request);
            if (login.isEmpty()) {
                LOG.warning("Login refused: a code to exchange without the PKCE verifier of its login");
                return answer(invocation, 400, Json.createObjectBuilder().add("error", "invalid_request").build());
            }
            form.put("grant_type", "authorization_code");
            form.put("code", String.valueOf(request.getParameter("code")));
            form.put("redirect_uri", login.get().redirectUri());
            form.put("code_verifier", login.get().verifier());
        } else {
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", ((RefreshToken) argument).getToken());
        }
        ProviderClient.Answer answer = provider.post(
                provider.endpoint("token_endpoint"), form);
        return answer(invocation, answer.status(), answer.json("The token endpoint"));
    }

    /** Whether an answer can be made of the type a version of the mechanism returns from its token requests. */
    static boolean canAnswerAs(Class<?> type) {
        if (type == Response.class) {
            return true;
        }
        try {
            type.getDeclaredConstructor(int.class, JsonObject.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Object answer(InvocationContext invocation, int status, JsonObject tokens)
            throws ReflectiveOperationException {
        Class<?> type = invocation.getMethod().getReturnType();
        if (type == Response.class) {
            return new JsonResponse(status, tokens.toString());
        }
        Constructor<?> constructor = type.getDeclaredConstructor(int.class, JsonObject.class);
        constructor.setAccessible(true);
        return constructor.newInstance(status, tokens);
    }
}

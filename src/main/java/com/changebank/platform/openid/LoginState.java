package com.changebank.platform.openid;

import jakarta.security.enterprise.identitystore.openid.AccessToken;
import jakarta.security.enterprise.identitystore.openid.IdentityToken;
import jakarta.security.enterprise.identitystore.openid.JwtClaims;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.security.enterprise.identitystore.openid.RefreshToken;
import jakarta.security.enterprise.identitystore.openid.Scope;
import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The login, kept in the session in a form that serializes: the token strings, their expiries and the user's
 * claims, nothing else. The mechanism keeps it in its {@code OpenIdContextImpl}, a session-scoped bean that does not
 * serialize: its tokens hold Nimbus parsers' objects, its claims a JSON-P object (eclipse-ee4j/soteria issue 379),
 * and on Payara its injected proxies name beans by an id that differs from one JVM to the next (the server's
 * extensions share one bean archive, named after whichever extension is loaded first), so no other node and no
 * redeployment can read them back. {@link MechanismHooks} makes that context request-scoped; {@link LoginGuard}
 * fills it from this state at the start of each request ({@link #restore}) and keeps the state whenever the
 * mechanism has validated new tokens, at login and at each refresh ({@link #keep}). The mechanism validated the
 * tokens, so the copies here check nothing but time. A session replicated, passivated or kept across a redeployment
 * then keeps its login, and needs no request to the provider on the node that reads it.
 */
record LoginState(String tokenType, Access accessToken, Identity identityToken, Refresh refreshToken, Long expiresIn,
                  PortableJson claims) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final String ATTRIBUTE = LoginState.class.getName();
    /** The implementation's setters (Soteria's class, or WildFly's copy), public on both; looked up once a class. */
    private static final ClassValue<Map<String, Method>> SETTERS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            try {
                return Map.of("tokenType", type.getMethod("setTokenType", String.class),
                        "accessToken", type.getMethod("setAccessToken", AccessToken.class),
                        "identityToken", type.getMethod("setIdentityToken", IdentityToken.class),
                        "refreshToken", type.getMethod("setRefreshToken", RefreshToken.class),
                        "expiresIn", type.getMethod("setExpiresIn", Long.class));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("This server's OpenIdContext lacks the setters of Soteria's", e);
            }
        }
    };

    /** The login kept in {@code session}, if it has one. */
    static Optional<LoginState> of(HttpSession session) {
        try {
            return session != null && session.getAttribute(ATTRIBUTE) instanceof LoginState state ? Optional.of(state)
                    : Optional.empty();
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
    }

    /**
     * Drops a login kept in a session whose caller the container no longer knows: a new login there must not answer
     * with the claims of the one before.
     */
    static void forget(HttpSession session) {
        if (of(session).isPresent()) {
            session.removeAttribute(ATTRIBUTE);
        }
    }

    /**
     * Keeps the login of {@code context}, which the mechanism has just validated, in {@code session}. The claims are
     * the context's: at login it has asked the userinfo endpoint already; after a refresh {@link UserInfoHook}
     * answers from the state kept before. {@code margin} is the mechanism's {@code tokenMinValidity}: a token that
     * expires within it counts as expired, as the mechanism counts it.
     */
    static void keep(HttpSession session, OpenIdContext context, Duration margin) {
        long millis = margin.toMillis();
        LoginState state = new LoginState(context.getTokenType(), Access.of(context.getAccessToken(), millis),
                Identity.of(context.getIdentityToken(), millis),
                context.getRefreshToken().map(token -> new Refresh(token.getToken())).orElse(null),
                context.getExpiresIn().orElse(null), PortableJson.of(context.getClaimsJson()));
        // Set again at each change: a session store that replicates sees every change.
        session.setAttribute(ATTRIBUTE, state);
    }

    /** Puts this login into the mechanism's (request-scoped) context, as the mechanism left it. */
    void restore(OpenIdContext context) {
        Map<String, Method> setters = SETTERS.get(context.getClass());
        set(setters.get("tokenType"), context, tokenType);
        set(setters.get("accessToken"), context, accessToken);
        set(setters.get("identityToken"), context, identityToken);
        set(setters.get("refreshToken"), context, refreshToken);
        set(setters.get("expiresIn"), context, expiresIn);
    }

    @Override
    public String toString() {
        return "login with " + tokenType + " tokens";
    }

    /** Whether the mechanism would refresh these tokens now. */
    boolean expired() {
        return accessToken.isExpired() || identityToken.isExpired();
    }

    private static void set(Method setter, OpenIdContext context, Object value) {
        try {
            setter.invoke(context, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(setter + " cannot be called", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(setter + " failed", e.getCause());
        }
    }

    /** The access token, with the instant its life ends as the mechanism counted it: from expires_in, else exp. */
    record Access(String token, Type type, Long expirationTime, Scope scope, long expiresAtMillis, long margin)
            implements AccessToken, Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        static Access of(AccessToken token, long margin) {
            if (token instanceof Access kept) {
                return kept;
            }
            Long expiresIn = token.getExpirationTime();
            long expiresAt = expiresIn != null ? System.currentTimeMillis() + expiresIn * 1000
                    : token.getJwtClaims().getExpirationTime().map(Instant::toEpochMilli).orElseThrow(() ->
                            new IllegalStateException("An access token with neither expires_in nor exp"));
            return new Access(token.getToken(), token.getType(), expiresIn, token.getScope(), expiresAt, margin);
        }

        @Override
        public String getToken() {
            return token;
        }

        @Override
        public boolean isJWT() {
            return JwtPayload.of(token).isPresent();
        }

        @Override
        public JwtClaims getJwtClaims() {
            return JwtPayload.of(token).<JwtClaims>map(payload -> payload).orElse(JwtClaims.NONE);
        }

        @Override
        public Map<String, Object> getClaims() {
            return JwtPayload.of(token).map(JwtPayload::asMap).orElse(Map.of());
        }

        @Override
        public Object getClaim(String name) {
            return getClaims().get(name);
        }

        @Override
        public Long getExpirationTime() {
            return expirationTime;
        }

        @Override
        public boolean isExpired() {
            return System.currentTimeMillis() + margin > expiresAtMillis;
        }

        @Override
        public Scope getScope() {
            return scope;
        }

        @Override
        public Type getType() {
            return type;
        }

        @Override
        public String toString() {
            return "access token of type " + type;
        }
    }

    /** The ID token: a JWT, whose {@code exp} ends its life. */
    record Identity(String token, long expiresAtMillis, long margin) implements IdentityToken, Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        static Identity of(IdentityToken token, long margin) {
            if (token instanceof Identity kept) {
                return kept;
            }
            Instant expiry = token.getJwtClaims().getExpirationTime().orElseThrow(() ->
                    new IllegalStateException("An ID token without exp"));
            return new Identity(token.getToken(), expiry.toEpochMilli(), margin);
        }

        @Override
        public String getToken() {
            return token;
        }

        @Override
        public JwtClaims getJwtClaims() {
            return payload();
        }

        @Override
        public Map<String, Object> getClaims() {
            return payload().asMap();
        }

        @Override
        public boolean isExpired() {
            return System.currentTimeMillis() + margin > expiresAtMillis;
        }

        private JwtPayload payload() {
            return JwtPayload.of(token).orElseThrow(() -> new IllegalStateException("An ID token that is not a JWT"));
        }

        @Override
        public String toString() {
            return "ID token";
        }
    }

    record Refresh(String token) implements RefreshToken, Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public String getToken() {
            return token;
        }

        @Override
        public String toString() {
            return "refresh token";
        }
    }
}

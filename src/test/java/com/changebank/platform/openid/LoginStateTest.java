package com.changebank.platform.openid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.identitystore.openid.AccessToken;
import jakarta.security.enterprise.identitystore.openid.IdentityToken;
import jakarta.security.enterprise.identitystore.openid.JwtClaims;
import jakarta.security.enterprise.identitystore.openid.OpenIdClaims;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.security.enterprise.identitystore.openid.RefreshToken;
import jakarta.security.enterprise.identitystore.openid.Scope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginStateTest {

    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final long NOW = Instant.now().getEpochSecond();
    private static final String ID_TOKEN = jwt("{\"iss\":\"https://id.example\",\"sub\":\"user-1\",\"aud\":\"bank\","
            + "\"exp\":" + (NOW + 300) + ",\"iat\":" + NOW + ",\"azp\":\"bank\",\"email\":\"a@example.com\"}");
    private static final String ACCESS_TOKEN = jwt("{\"sub\":\"user-1\",\"exp\":" + (NOW + 300) + "}");

    @Test
    void theLoginSerializesAndComesBackWhole() throws Exception {
        HttpSession session = PendingLoginsTest.session();
        LoginState.keep(session, context(300L, "refresh-1"), MARGIN);
        LoginState kept = LoginState.of(session).orElseThrow();

        LoginState copy = (LoginState) readBack(kept);
        assertEquals(kept, copy);
        Context restored = new Context();
        copy.restore(restored);
        assertEquals(ACCESS_TOKEN, restored.getAccessToken().getToken());
        assertEquals(ID_TOKEN, restored.getIdentityToken().getToken());
        assertEquals("refresh-1", restored.getRefreshToken().orElseThrow().getToken());
        assertEquals("Bearer", restored.getTokenType());
        assertEquals(Optional.of(300L), restored.getExpiresIn());
        assertEquals(Scope.parse("openid email"), restored.getAccessToken().getScope());
        assertEquals("a@example.com", copy.claims().getString("email"));
        assertFalse(copy.expired());
        String shown = copy + " " + copy.accessToken() + " " + copy.identityToken() + " " + copy.refreshToken();
        assertFalse(shown.contains(ACCESS_TOKEN) || shown.contains(ID_TOKEN) || shown.contains("refresh-1"), shown);

        LoginState.forget(session);
        assertEquals(Optional.empty(), LoginState.of(session), "a new login in the session finds none");
    }

    /** What the mechanism asks of an ID token it refreshes: the same answers as its own (Nimbus) claims. */
    @Test
    void theIdTokensClaimsAnswerAsTheMechanismsOwn() {
        JwtClaims claims = LoginState.Identity.of(identity(ID_TOKEN), MARGIN.toMillis()).getJwtClaims();
        assertEquals(Optional.of("https://id.example"), claims.getIssuer());
        assertEquals(Optional.of("user-1"), claims.getSubject());
        assertEquals(List.of("bank"), claims.getAudience());
        assertEquals(Optional.of(Instant.ofEpochSecond(NOW)), claims.getIssuedAt());
        Map<String, Object> map = LoginState.Identity.of(identity(ID_TOKEN), MARGIN.toMillis()).getClaims();
        assertEquals("bank", map.get("azp"));
        assertInstanceOf(Date.class, map.get("exp"));
        assertEquals(List.of("a", "b"), JwtPayload.of(jwt("{\"aud\":[\"a\",\"b\"]}")).orElseThrow()
                .getArrayStringClaim("aud"));
        assertEquals(Optional.empty(), JwtPayload.of("opaque-token"));
    }

    /** Expired as the mechanism counts it: within tokenMinValidity of the end of its life. */
    @Test
    void aTokenExpiresTheMarginBeforeItsEnd() {
        assertFalse(LoginState.Access.of(access(20L), MARGIN.toMillis()).isExpired());
        assertTrue(LoginState.Access.of(access(5L), MARGIN.toMillis()).isExpired());
        assertFalse(LoginState.Access.of(access(null), MARGIN.toMillis()).isExpired(), "from exp, 300 s away");
        String ending = jwt("{\"sub\":\"user-1\",\"exp\":" + (NOW + 5) + "}");
        assertTrue(LoginState.Identity.of(identity(ending), MARGIN.toMillis()).isExpired());
    }

    @Test
    void theClaimsSerializeAsTheirText() throws Exception {
        JsonObject claims = Json.createObjectBuilder().add("sub", "user-1").add("email_verified", true).build();
        PortableJson portable = PortableJson.of(claims);
        Object copy = readBack(portable);
        assertEquals(claims, copy);
        assertTrue(((JsonObject) copy).getBoolean("email_verified"));
        assertEquals(claims.toString(), copy.toString());
    }

    private static Object readBack(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    static String jwt(String payload) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".signature";
    }

    static Context context(Long expiresIn, String refresh) {
        Context context = new Context();
        context.setTokenType("Bearer");
        context.setAccessToken(access(expiresIn));
        context.setIdentityToken(identity(ID_TOKEN));
        context.setRefreshToken(() -> refresh);
        context.setExpiresIn(expiresIn);
        context.claims = Json.createObjectBuilder().add("sub", "user-1").add("email", "a@example.com").build();
        return context;
    }

    /** An access token as the mechanism's: its life from expires_in if given, else from exp. */
    private static AccessToken access(Long expiresIn) {
        return new AccessToken() {
            @Override
            public String getToken() {
                return ACCESS_TOKEN;
            }

            @Override
            public boolean isJWT() {
                return true;
            }

            @Override
            public JwtClaims getJwtClaims() {
                return JwtPayload.of(ACCESS_TOKEN).orElseThrow();
            }

            @Override
            public Map<String, Object> getClaims() {
                return Map.of();
            }

            @Override
            public Object getClaim(String key) {
                return null;
            }

            @Override
            public Long getExpirationTime() {
                return expiresIn;
            }

            @Override
            public boolean isExpired() {
                throw new UnsupportedOperationException("the copy decides");
            }

            @Override
            public Scope getScope() {
                return Scope.parse("openid email");
            }

            @Override
            public Type getType() {
                return Type.BEARER;
            }
        };
    }

    static IdentityToken identity(String token) {
        return new IdentityToken() {
            @Override
            public String getToken() {
                return token;
            }

            @Override
            public JwtClaims getJwtClaims() {
                return JwtPayload.of(token).orElseThrow();
            }

            @Override
            public boolean isExpired() {
                throw new UnsupportedOperationException("the copy decides");
            }

            @Override
            public Map<String, Object> getClaims() {
                return Map.of();
            }
        };
    }

    /** The mechanism's context as far as LoginState knows it: the getters, and the implementation's setters. */
    public static final class Context implements OpenIdContext {
        private String tokenType;
        private AccessToken accessToken;
        private IdentityToken identityToken;
        private RefreshToken refreshToken;
        private Long expiresIn;
        JsonObject claims;

        @Override
        public String getSubject() {
            return identityToken.getJwtClaims().getSubject().orElse(null);
        }

        @Override
        public String getTokenType() {
            return tokenType;
        }

        public void setTokenType(String tokenType) {
            this.tokenType = tokenType;
        }

        @Override
        public AccessToken getAccessToken() {
            return accessToken;
        }

        public void setAccessToken(AccessToken accessToken) {
            this.accessToken = accessToken;
        }

        @Override
        public IdentityToken getIdentityToken() {
            return identityToken;
        }

        public void setIdentityToken(IdentityToken identityToken) {
            this.identityToken = identityToken;
        }

        @Override
        public Optional<RefreshToken> getRefreshToken() {
            return Optional.ofNullable(refreshToken);
        }

        public void setRefreshToken(RefreshToken refreshToken) {
            this.refreshToken = refreshToken;
        }

        @Override
        public Optional<Long> getExpiresIn() {
            return Optional.ofNullable(expiresIn);
        }

        public void setExpiresIn(Long expiresIn) {
            this.expiresIn = expiresIn;
        }

        @Override
        public JsonObject getClaimsJson() {
            return claims;
        }

        @Override
        public OpenIdClaims getClaims() {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonObject getProviderMetadata() {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Optional<T> getStoredValue(HttpServletRequest request, HttpServletResponse response, String key) {
            return Optional.empty();
        }
    }
}

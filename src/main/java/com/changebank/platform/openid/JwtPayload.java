package com.changebank.platform.openid;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.security.enterprise.identitystore.openid.Claims;
import jakarta.security.enterprise.identitystore.openid.JwtClaims;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The claims of a JWT the mechanism has already verified, read from its payload for {@link PortableTokens}: the
 * same answers as the mechanism's own (Nimbus) claims, {@code getClaims()} included, where the registered dates are
 * {@link Date}s.
 */
final class JwtPayload implements JwtClaims {

    private static final Set<String> DATES = Set.of("exp", "nbf", "iat");
    /** Looked up once: {@code Json.createReader} looks the provider up on every call (12% of a page's CPU). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final JsonObject claims;

    private JwtPayload(JsonObject claims) {
        this.claims = claims;
    }

    /** The payload of {@code token} if it is a JWT (three parts, the second a JSON object); empty otherwise. */
    static Optional<JwtPayload> of(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)))) {
            return Optional.of(new JwtPayload(reader.readObject()));
        } catch (RuntimeException notAJwt) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> getStringClaim(String name) {
        return claims.get(name) instanceof JsonString value ? Optional.of(value.getString()) : Optional.empty();
    }

    @Override
    public Optional<Instant> getNumericDateClaim(String name) {
        return claims.get(name) instanceof JsonNumber value ? Optional.of(Instant.ofEpochSecond(value.longValue()))
                : Optional.empty();
    }

    /** A single string counts as a list of one, as {@code aud} may be either (RFC 7519, 4.1.3). */
    @Override
    public List<String> getArrayStringClaim(String name) {
        JsonValue value = claims.get(name);
        if (value instanceof JsonString single) {
            return List.of(single.getString());
        }
        if (value instanceof JsonArray array) {
            return array.stream().filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString()).toList();
        }
        return List.of();
    }

    @Override
    public OptionalInt getIntClaim(String name) {
        return claims.get(name) instanceof JsonNumber value ? OptionalInt.of(value.intValue()) : OptionalInt.empty();
    }

    @Override
    public OptionalLong getLongClaim(String name) {
        return claims.get(name) instanceof JsonNumber value ? OptionalLong.of(value.longValue())
                : OptionalLong.empty();
    }

    @Override
    public OptionalDouble getDoubleClaim(String name) {
        return claims.get(name) instanceof JsonNumber value ? OptionalDouble.of(value.doubleValue())
                : OptionalDouble.empty();
    }

    @Override
    public Optional<Claims> getNested(String name) {
        return claims.get(name) instanceof JsonObject nested ? Optional.of(new JwtPayload(nested)) : Optional.empty();
    }

    /** The claims as Java values: strings, numbers, booleans, lists and maps; exp, nbf and iat as dates. */
    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        claims.forEach((name, value) -> map.put(name, DATES.contains(name) && value instanceof JsonNumber date
                ? Date.from(Instant.ofEpochSecond(date.longValue())) : java(value)));
        return map;
    }

    private static Object java(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue()
                    : (Object) ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            case ARRAY -> ((JsonArray) value).stream().map(JwtPayload::java).toList();
            case OBJECT -> {
                Map<String, Object> nested = new LinkedHashMap<>();
                ((JsonObject) value).forEach((name, v) -> nested.put(name, java(v)));
                yield nested;
            }
        };
    }
}

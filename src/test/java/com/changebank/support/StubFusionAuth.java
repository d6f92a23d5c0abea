package com.changebank.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenID provider shaped like FusionAuth, for tests: its discovery document is the recorded one in
 * {@code src/test/resources/fusionauth/} (issuer without a path, {@code /oauth2/*} endpoints, end session at
 * {@code /oauth2/logout}), it signs its tokens with RS256 and it logs the test user in without a form. Like
 * FusionAuth with the kickstart's {@code proofKeyForCodeExchangePolicy: Required}, it refuses an authorization
 * request without an S256 code challenge and a token request whose verifier does not match it.
 */
public final class StubFusionAuth implements AutoCloseable {

    public static final String CLIENT_ID = "e9fdb985-9173-4e01-9d73-ac2d60d1dc8e";
    public static final String CLIENT_SECRET = "super-secret-secret-that-should-be-regenerated-for-production";
    public static final String USER_ID = "00000000-0000-0000-0000-111111111111";
    public static final String EMAIL = "richard@example.com";
    private static final String RECORDED_ISSUER = "http://localhost:9011";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final String issuer;
    private final RSAKey key;
    private final RSAKey attackerKey;
    private final Map<String, Grant> grantsByCode = new ConcurrentHashMap<>();
    private final Map<String, User> usersByRefreshToken = new ConcurrentHashMap<>();
    private final Map<String, User> usersByAccessToken = new ConcurrentHashMap<>();
    /** Every request the provider answered, as {@code METHOD path?query}, for the tests to inspect. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile Forgery forgery = Forgery.NONE;
    private volatile User nextUser = RICHARD;
    private volatile Fault fault = Fault.NONE;
    /** Released when the fault ends or the provider stops: what a stalled endpoint waits for. */
    private volatile CountDownLatch stalled = new CountDownLatch(1);

    /** A user of the provider; who logs in is up to the test, since there is no login form. */
    public record User(String id, String email) {
    }

    public static final User RICHARD = new User(USER_ID, EMAIL);

    /** A login under way: who logs in, the nonce and the PKCE code challenge of the app's request. */
    private record Grant(User user, String nonce, String challenge) {

        /** RFC 7636 4.6: BASE64URL(SHA256(ASCII(code_verifier))) equals the challenge. */
        boolean verifies(String verifier) {
            if (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")) {
                return false;
            }
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).equals(challenge);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** How the provider fails, for the fault tests. */
    public enum Fault {
        NONE,
        /** The token endpoint accepts the connection and never answers. */
        STALL_TOKEN,
        /** The discovery document accepts the connection and never answers. */
        STALL_DISCOVERY,
        /** The token endpoint answers as a proxy in front of a dead provider: an HTML 502 page. */
        HTML_TOKEN_ERROR,
        /** The provider keeps another challenge than the app sent, so the app's verifier does not match. */
        WRONG_CHALLENGE
    }

    /** What is wrong with the ID tokens the provider issues. */
    public enum Forgery {
        NONE, WRONG_ISSUER, WRONG_AUDIENCE, EXPIRED, BAD_SIGNATURE, NO_NONCE, WRONG_NONCE, ALG_NONE
    }

    private StubFusionAuth(int port) throws IOException, JOSEException {
        issuer = "http://localhost:" + port;
        key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        attackerKey = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
        server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        // A thread per request: a stalled request must not hold up the others.
        server.setExecutor(threads);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/.well-known/jwks.json", exchange -> json(exchange, 200,
                new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/oauth2/authorize", this::authorize);
        server.createContext("/oauth2/token", this::token);
        server.createContext("/oauth2/userinfo", this::userinfo);
        server.createContext("/oauth2/logout", this::logout);
        server.start();
    }

    public static StubFusionAuth start(int port) {
        try {
            return new StubFusionAuth(port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the stub provider on port " + port, e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The user the following logins log in. */
    public void nextUser(User user) {
        nextUser = user;
    }

    /** ID tokens issued from now on are forged this way. */
    public void forge(Forgery kind) {
        forgery = kind;
    }

    /** Tokens issued from now on expire after {@code lifetime}. */
    public void tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** The provider fails this way from now on; {@code NONE} ends the fault and releases stalled requests. */
    public void fail(Fault kind) {
        fault = kind;
        if (kind == Fault.NONE) {
            stalled.countDown();
            stalled = new CountDownLatch(1);
        }
    }

    /** The number of token requests of this grant type the provider answered. */
    public long tokenRequests(String grantType) {
        return requests.stream().filter(request -> request.equals("POST /oauth2/token " + grantType)).count();
    }

    /** The refresh tokens issued so far are revoked: the token endpoint answers {@code invalid_grant} for them. */
    public void revokeRefreshTokens() {
        usersByRefreshToken.clear();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        stallIf(Fault.STALL_DISCOVERY);
        try (InputStream recorded = getClass().getResourceAsStream("/fusionauth/openid-configuration.json")) {
            json(exchange, 200, new String(recorded.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(RECORDED_ISSUER, issuer));
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = Browser.decodeForm(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id")) || query.get("redirect_uri") == null) {
            json(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String challenge = query.getOrDefault("code_challenge", "");
        if (!"S256".equals(query.get("code_challenge_method")) || !challenge.matches("[A-Za-z0-9_-]{43}")) {
            json(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"PKCE S256 is required\"}");
            return;
        }
        if (fault == Fault.WRONG_CHALLENGE) {
            challenge = "A".repeat(43);
        }
        String code = UUID.randomUUID().toString();
        grantsByCode.put(code, new Grant(nextUser, query.getOrDefault("nonce", ""), challenge));
        redirect(exchange, query.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8) + "&userState=Authenticated");
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> body = Browser.decodeForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add("POST /oauth2/token " + body.getOrDefault("grant_type", ""));
        stallIf(Fault.STALL_TOKEN);
        if (fault == Fault.HTML_TOKEN_ERROR) {
            html(exchange, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
            return;
        }
        if (!CLIENT_ID.equals(body.get("client_id")) || !CLIENT_SECRET.equals(body.get("client_secret"))) {
            json(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        // A refresh carries no nonce; a code or refresh token the provider does not hold (any more) is refused.
        Grant grant = switch (body.getOrDefault("grant_type", "")) {
            case "authorization_code" -> Optional.ofNullable(grantsByCode.remove(body.getOrDefault("code", "")))
                    .filter(login -> login.verifies(body.get("code_verifier"))).orElse(null);
            case "refresh_token" -> Optional.ofNullable(usersByRefreshToken.remove(body.getOrDefault("refresh_token", "")))
                    .map(user -> new Grant(user, "", "")).orElse(null);
            default -> null;
        };
        if (grant == null) {
            json(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        String accessToken = sign(claims(grant.user(), "").claim("scope", "openid email profile offline_access"));
        String refreshToken = UUID.randomUUID().toString();
        usersByAccessToken.put(accessToken, grant.user());
        usersByRefreshToken.put(refreshToken, grant.user());
        json(exchange, 200, JSONObjectUtils.toJSONString(Map.of(
                "access_token", accessToken,
                "id_token", idToken(grant),
                "refresh_token", refreshToken,
                "token_type", "Bearer",
                "expires_in", tokenLifetime.toSeconds(),
                "userId", grant.user().id())));
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        String bearer = exchange.getRequestHeaders().getFirst("Authorization");
        User user = bearer == null ? null : usersByAccessToken.get(bearer.replaceFirst("^Bearer ", ""));
        if (user == null) {
            json(exchange, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        json(exchange, 200, JSONObjectUtils.toJSONString(Map.of("sub", user.id(), "email", user.email(),
                "email_verified", true)));
    }

    private void logout(HttpExchange exchange) throws IOException {
        String target = Browser.decodeForm(exchange.getRequestURI().getRawQuery()).get("post_logout_redirect_uri");
        redirect(exchange, target == null ? "/" : target);
    }

    private String idToken(Grant grant) {
        JWTClaimsSet.Builder claims = claims(grant.user(), forgery == Forgery.NO_NONCE ? "" : grant.nonce())
                .claim("email", grant.user().email()).claim("email_verified", true);
        switch (forgery) {
            case WRONG_ISSUER -> claims.issuer("http://attacker.example");
            case WRONG_AUDIENCE -> claims.audience("another-client");
            case EXPIRED -> claims.issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                    .expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1))));
            case WRONG_NONCE -> claims.claim("nonce", "forged-nonce");
            case ALG_NONE -> {
                return new PlainJWT(claims.build()).serialize();
            }
            default -> {
                // The other forgeries are in the signature, or there is none.
            }
        }
        return sign(claims, forgery == Forgery.BAD_SIGNATURE ? attackerKey : key);
    }

    private JWTClaimsSet.Builder claims(User user, String nonce) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(CLIENT_ID)
                .subject(user.id())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(tokenLifetime)))
                .jwtID(UUID.randomUUID().toString());
        return nonce.isEmpty() ? claims : claims.claim("nonce", nonce);
    }

    private String sign(JWTClaimsSet.Builder claims) {
        return sign(claims, key);
    }

    /** Signs with {@code signer}, always naming the provider's key: a forged signature must not just miss the key. */
    private String sign(JWTClaimsSet.Builder claims, RSAKey signer) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void json(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, "application/json", body);
    }

    private void html(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, "text/html", body);
    }

    private void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        record(exchange);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Holds the request, its connection accepted, until the fault ends (a minute at most). */
    private void stallIf(Fault kind) {
        if (fault == kind) {
            try {
                stalled.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void redirect(HttpExchange exchange, String location) throws IOException {
        record(exchange);
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void record(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        requests.add(exchange.getRequestMethod() + " " + uri.getPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    @Override
    public void close() {
        stalled.countDown();
        server.stop(0);
        threads.shutdown();
    }
}

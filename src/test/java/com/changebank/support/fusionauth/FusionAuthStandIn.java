package com.changebank.support.fusionauth;

import com.changebank.support.Browser;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fusionauth.domain.APIKey;
import io.fusionauth.domain.Application;
import io.fusionauth.domain.RefreshTokenUsagePolicy;
import io.fusionauth.domain.Requirable;
import io.fusionauth.domain.api.user.RegistrationRequest;
import io.fusionauth.domain.oauth2.GrantType;
import io.fusionauth.domain.oauth2.ProofKeyForCodeExchangePolicy;
import io.fusionauth.domain.oauth2.UnknownScopePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jsoup.nodes.Entities;

/**
 * FusionAuth's OAuth 2.0 and OpenID Connect endpoints as FusionAuth's documentation describes them, configured from
 * the project's {@code kickstart/kickstart.json}. Each behaviour, its source and what is a guess: see
 * {@code package-info.java}. Below the endpoints are the tests' controls (forged tokens, faults, extra users), which
 * are not FusionAuth's.
 */
public final class FusionAuthStandIn implements AutoCloseable {

    /** The host of the documented discovery document, which the stand-in's own address replaces. */
    private static final String DOCUMENTED_ORIGIN = "https://piedpiper.fusionauth.io";
    private static final String DOCUMENTED_ISSUER = "\"issuer\": \"piedpiper.fusionauth.io\"";
    private static final String DOCUMENTED_DISCOVERY = "/fusionauth/openid/configuration/response.json";
    /** FusionAuth's reserved scopes; the provided ones ({@code email}, {@code profile}, ...) follow their policy. */
    private static final Set<String> RESERVED_SCOPES = Set.of("openid", "offline_access");
    private static final String SSO_COOKIE = "fusionauth.sso";
    private static final Duration CODE_LIFETIME = Duration.ofSeconds(30);
    private static final Duration SSO_LIFETIME = Duration.ofSeconds(3600);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REFRESH_TOKENS = "/api/jwt/refresh";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final String origin;
    private final String issuer;
    private final Application application;
    private final String clientId;
    private final String tenantId;
    private final RSAKey signingKey;
    private final RSAKey defaultKey;
    private final RSAKey attackerKey;
    private final List<APIKey> apiKeys;
    private final Map<String, User> usersByLoginId = new ConcurrentHashMap<>();
    private final User kickstartUser;
    private final Map<String, Login> loginsByCode = new ConcurrentHashMap<>();
    private final Map<String, Login> loginsByRefreshToken = new ConcurrentHashMap<>();
    private final Map<String, SsoSession> ssoSessions = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Revocation> revocations = new CopyOnWriteArrayList<>();
    private volatile Duration tokenLifetime;
    private volatile Forgery forgery = Forgery.NONE;
    private volatile Fault fault = Fault.NONE;
    private volatile CountDownLatch stalled = new CountDownLatch(1);

    /** A user as the kickstart (or a test, through {@link #register}) registers it. */
    public record User(String id, String email, String password, String firstName, String lastName, String fullName,
                       String birthDate) {

        /** The user a kickstart registration creates. */
        public static User of(io.fusionauth.domain.User user) {
            return new User(user.id.toString(), user.email, user.password, user.firstName, user.lastName,
                    user.fullName, user.birthDate == null ? null : user.birthDate.toString());
        }
    }

    /** One authentication: the user, the authorization request's parameters, and its SSO session. */
    private record Login(User user, String redirectUri, List<String> scopes, String nonce, String challenge,
                         String sessionId, Instant authTime, Instant codeExpires, String refreshTokenId) {

        boolean has(String scope) {
            return scopes.contains(scope);
        }

        Login withRefreshTokenId(String id) {
            return new Login(user, redirectUri, scopes, nonce, challenge, sessionId, authTime, codeExpires, id);
        }
    }

    private record SsoSession(User user, Instant expires) {
    }

    /** How a revocation request authenticated: with an API key, with a user's JWT, or not at all. */
    public enum Caller {
        API_KEY, JWT, NONE
    }

    /** The documented forms of {@code DELETE /api/jwt/refresh}; {@code NONE} for a request in none of them. */
    public enum RevocationForm {
        TOKEN, TOKEN_ID, USER, APPLICATION, USER_AND_APPLICATION, NONE
    }

    /**
     * A revocation request the stand-in answered: who asked ({@code subject} is the JWT's {@code sub}, else null), in
     * which form, the status, and the ids of the refresh tokens (and SSO sessions) it revoked.
     */
    public record Revocation(Caller caller, String subject, RevocationForm form, int status, List<String> tokenIds) {
    }

    /** An OAuth error: {@code error}, {@code error_reason} and {@code error_description}. */
    private record OAuthError(String error, String reason, String description) {

        String json() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("error_description", description);
            body.put("error_reason", reason);
            return JSONObjectUtils.toJSONString(body);
        }
    }

    /** How the stand-in fails, for the fault tests: not FusionAuth's behaviour, an outage's. */
    public enum Fault {
        NONE,
        /** The token endpoint accepts the connection and never answers. */
        STALL_TOKEN,
        /** The discovery document accepts the connection and never answers. */
        STALL_DISCOVERY,
        /** The token endpoint answers as a proxy in front of a dead provider: an HTML 502 page. */
        HTML_TOKEN_ERROR,
        /** The provider keeps another challenge than the app sent, so the app's verifier does not match. */
        WRONG_CHALLENGE,
        /** The userinfo endpoint refuses every access token, as for one it no longer takes. */
        USERINFO_REFUSES,
        /** The discovery document names another issuer than the tenant's, as a provider impersonated would. */
        FOREIGN_ISSUER,
        /** The discovery document's token endpoint is plain http on another host. */
        HTTP_TOKEN_ENDPOINT,
        /** The discovery document is 2 MB long, as an answer without end would be. */
        HUGE_DISCOVERY,
        /** The Refresh Token API answers 503, as FusionAuth behind a proxy during an outage would. */
        REVOCATION_UNAVAILABLE,
        /** The Refresh Token API accepts the connection and never answers. */
        STALL_REVOCATION
    }

    /** What is wrong with the ID tokens issued from now on, for the attack tests. */
    public enum Forgery {
        NONE, WRONG_ISSUER, WRONG_AUDIENCE, EXPIRED, BAD_SIGNATURE, NO_NONCE, WRONG_NONCE, ALG_NONE,
        /** Signed HS256 with the client secret as the key, which the client knows and a development setting publishes. */
        HS256_CLIENT_SECRET
    }

    private FusionAuthStandIn(String host, int port, String appOrigin) throws IOException, JOSEException {
        origin = "http://" + host + ":" + port;
        Kickstart kickstart = Kickstart.read(Kickstart.FILE,
                Map.of("http://localhost:8080", appOrigin, "http://localhost:9011", origin));
        application = kickstart.application();
        clientId = application.oauthConfiguration.clientId != null ? application.oauthConfiguration.clientId
                : application.id.toString();
        issuer = kickstart.tenantIssuer();
        tenantId = kickstart.tenantId();
        tokenLifetime = Duration.ofSeconds(application.jwtConfiguration.timeToLiveInSeconds);
        UUID keyId = application.jwtConfiguration.idTokenKeyId;
        if (!JWSAlgorithm.RS256.getName().equals(kickstart.key(keyId).algorithm.name())) {
            throw new IllegalArgumentException("The stand-in signs with RS256 keys only, not "
                    + kickstart.key(keyId).algorithm);
        }
        signingKey = rsaKey(keyId.toString());
        defaultKey = rsaKey(UUID.randomUUID().toString());
        attackerKey = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
        apiKeys = kickstart.apiKeys();
        User first = null;
        for (RegistrationRequest registration : kickstart.registrations()) {
            if (application.id.equals(registration.registration.applicationId)) {
                User registered = register(User.of(registration.user));
                first = first == null ? registered : first;
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("The kickstart registers no user to the application");
        }
        kickstartUser = first;
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        // A thread per request: a stalled request must not hold up the others.
        server.setExecutor(threads);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/.well-known/jwks.json", this::jwks);
        server.createContext("/oauth2/authorize", this::authorize);
        server.createContext("/oauth2/token", this::token);
        server.createContext("/oauth2/userinfo", this::userinfo);
        server.createContext("/oauth2/logout", this::logout);
        server.createContext(REFRESH_TOKENS, this::revokeRefreshTokens);
        server.start();
    }

    /** The stand-in on {@code port}, for ChangeBank at {@code appOrigin} (such as {@code http://localhost:8123}). */
    public static FusionAuthStandIn start(int port, String appOrigin) {
        return start("localhost", port, appOrigin);
    }

    /**
     * The same at {@code http://host:port}, such as {@code 127.0.0.1}: another site than {@code localhost} for a
     * browser, as FusionAuth Cloud is for ChangeBank.
     */
    public static FusionAuthStandIn start(String host, int port, String appOrigin) {
        try {
            return new FusionAuthStandIn(host, port, appOrigin.replaceAll("/+$", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the FusionAuth stand-in on port " + port, e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stand-in's address ({@code http://host:port}), which the kickstart's {@code http://localhost:9011} became. */
    public String origin() {
        return origin;
    }

    /** The tenant's issuer, the kickstart's, with the stand-in's address. */
    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return application.oauthConfiguration.clientSecret;
    }

    /** The (first) user the kickstart registers to the application. */
    public User user() {
        return kickstartUser;
    }

    // ---- The endpoints ----

    private void discovery(HttpExchange exchange) throws IOException {
        stallIf(Fault.STALL_DISCOVERY);
        try (InputStream documented = getClass().getResourceAsStream(DOCUMENTED_DISCOVERY)) {
            String text = new String(documented.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(DOCUMENTED_ORIGIN, origin)
                    .replace(DOCUMENTED_ISSUER, "\"issuer\": \"" + (fault == Fault.FOREIGN_ISSUER
                            ? "https://attacker.example" : issuer) + "\"");
            if (fault == Fault.HTTP_TOKEN_ENDPOINT) {
                text = text.replace(origin + "/oauth2/token", "http://provider.example/oauth2/token");
            }
            json(exchange, 200, fault == Fault.HUGE_DISCOVERY ? text.replaceFirst("\\{", "{" + " ".repeat(2 << 20))
                    : text);
        }
    }

    private void jwks(HttpExchange exchange) throws IOException {
        json(exchange, 200, new JWKSet(List.of(defaultKey.toPublicJWK(), signingKey.toPublicJWK())).toString());
    }

    private void authorize(HttpExchange exchange) throws IOException {
        boolean post = "POST".equals(exchange.getRequestMethod());
        Map<String, String> parameters = parameters(exchange);
        if (!clientId.equals(parameters.get("client_id"))) {
            errorPage(exchange, new OAuthError("invalid_request", "invalid_client_id", "Invalid client_id"));
            return;
        }
        String redirectUri = parameters.get("redirect_uri");
        if (redirectUri == null || !authorizedRedirect(redirectUri)) {
            errorPage(exchange, new OAuthError("invalid_request", "invalid_redirect_uri",
                    "Invalid redirect uri " + redirectUri));
            return;
        }
        OAuthError refusal = refusal(parameters);
        if (refusal != null) {
            redirect(exchange, redirectUri + "?" + query(withState(parameters, "error", refusal.error(),
                    "error_reason", refusal.reason(), "error_description", refusal.description())));
            return;
        }
        if (!post) {
            User known = ssoUser(exchange);
            if (known != null) {
                completeLogin(exchange, parameters, known, cookie(exchange, SSO_COOKIE));
            } else {
                loginForm(exchange, parameters, null);
            }
            return;
        }
        User user = usersByLoginId.get(parameters.getOrDefault("loginId", "").toLowerCase(Locale.ROOT));
        if (user == null || !user.password().equals(parameters.get("password"))) {
            loginForm(exchange, parameters, "Invalid login credentials.");
            return;
        }
        String sessionId = UUID.randomUUID().toString();
        if ("true".equals(parameters.get("rememberDevice"))) {
            ssoSessions.put(sessionId, new SsoSession(user, Instant.now().plus(SSO_LIFETIME)));
            exchange.getResponseHeaders().add("Set-Cookie", SSO_COOKIE + "=" + sessionId
                    + "; Path=/; Max-Age=" + SSO_LIFETIME.toSeconds() + "; HttpOnly; SameSite=Lax");
        }
        completeLogin(exchange, parameters, user, sessionId);
    }

    /** A reserved scope, or a provided one its policy enables. */
    private boolean known(String scope) {
        Requirable provided = application.oauthConfiguration.providedScopePolicy.getScopePolicy(scope);
        return RESERVED_SCOPES.contains(scope) || (provided != null && provided.enabled);
    }

    /** The error an authorization request is sent back with, or null. */
    private OAuthError refusal(Map<String, String> parameters) {
        if (!"code".equals(parameters.get("response_type"))) {
            return new OAuthError("unsupported_response_type", "invalid_response_type",
                    "Parameter response_type must be set to code or token.");
        }
        if (!application.oauthConfiguration.enabledGrants.contains(GrantType.authorization_code)) {
            return new OAuthError("unauthorized_client", "grant_type_disabled",
                    "The authorization_code grant is not enabled.");
        }
        List<String> unknown = scopes(parameters).stream().filter(scope -> !known(scope)).toList();
        if (!unknown.isEmpty() && application.oauthConfiguration.unknownScopePolicy == UnknownScopePolicy.Reject) {
            return new OAuthError("invalid_scope", "unknown_scope", "Unknown scope " + String.join(" ", unknown));
        }
        String challenge = parameters.get("code_challenge");
        if (challenge == null && application.oauthConfiguration.proofKeyForCodeExchangePolicy
                == ProofKeyForCodeExchangePolicy.Required) {
            return new OAuthError("invalid_request", "missing_code_challenge",
                    "The code_challenge parameter is required.");
        }
        if (challenge != null && !"S256".equals(parameters.get("code_challenge_method"))) {
            return new OAuthError("invalid_request", "invalid_pkce_code_challenge_method",
                    "The code_challenge_method must be S256.");
        }
        return null;
    }

    private void completeLogin(HttpExchange exchange, Map<String, String> parameters, User user, String sessionId)
            throws IOException {
        String challenge = parameters.get("code_challenge");
        if (challenge != null && fault == Fault.WRONG_CHALLENGE) {
            challenge = "A".repeat(43);
        }
        String code = token(32);
        Instant now = Instant.now();
        List<String> scopes = scopes(parameters).stream().filter(scope -> known(scope)
                || application.oauthConfiguration.unknownScopePolicy == UnknownScopePolicy.Allow).toList();
        loginsByCode.put(code, new Login(user, parameters.get("redirect_uri"), scopes,
                parameters.get("nonce"), challenge, sessionId, now, now.plus(CODE_LIFETIME), null));
        redirect(exchange, parameters.get("redirect_uri") + "?" + query(withState(parameters, "code", code,
                "iss", issuer, "locale", "en", "userState", "Authenticated")));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = Browser.decodeForm(body(exchange));
        requests.add("POST /oauth2/token " + form.getOrDefault("grant_type", ""));
        stallIf(Fault.STALL_TOKEN);
        if (fault == Fault.HTML_TOKEN_ERROR) {
            respond(exchange, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
            return;
        }
        if (!clientAuthenticated(exchange, form)) {
            oauthError(exchange, 401, new OAuthError("invalid_client", "invalid_client_authentication",
                    "The client could not be verified."));
            return;
        }
        String grantType = form.getOrDefault("grant_type", "");
        switch (grantType) {
            case "authorization_code" -> codeGrant(exchange, form);
            case "refresh_token" -> refreshGrant(exchange, form);
            default -> oauthError(exchange, 400, new OAuthError("unsupported_grant_type", "invalid_grant_type",
                    "Unsupported grant_type " + grantType));
        }
    }

    private void codeGrant(HttpExchange exchange, Map<String, String> form) throws IOException {
        Login login = loginsByCode.remove(form.getOrDefault("code", ""));
        if (login == null || Instant.now().isAfter(login.codeExpires())) {
            oauthError(exchange, 400, new OAuthError("invalid_grant", "auth_code_not_found",
                    "Invalid Authorization Code"));
            return;
        }
        if (!login.redirectUri().equals(form.get("redirect_uri"))) {
            oauthError(exchange, 400, new OAuthError("invalid_request", "invalid_redirect_uri",
                    "Invalid redirect uri " + form.get("redirect_uri")));
            return;
        }
        String verifier = form.get("code_verifier");
        if (login.challenge() != null && verifier == null) {
            oauthError(exchange, 400, new OAuthError("invalid_request", "missing_code_verifier",
                    "The code_verifier parameter is required."));
            return;
        }
        if (login.challenge() != null && !s256(verifier).equals(login.challenge())) {
            oauthError(exchange, 400, new OAuthError("invalid_grant", "invalid_pkce_code_verifier",
                    "The code_verifier does not match the code_challenge."));
            return;
        }
        Login granted = login;
        String refreshToken = null;
        if (login.has("offline_access") && application.oauthConfiguration.generateRefreshTokens
                && application.oauthConfiguration.enabledGrants.contains(GrantType.refresh_token)) {
            refreshToken = token(40);
            granted = login.withRefreshTokenId(UUID.randomUUID().toString());
            loginsByRefreshToken.put(refreshToken, granted);
        }
        tokens(exchange, granted, form.get("code"), refreshToken, true);
    }

    private void refreshGrant(HttpExchange exchange, Map<String, String> form) throws IOException {
        String presented = form.getOrDefault("refresh_token", "");
        Login login = loginsByRefreshToken.get(presented);
        if (login == null || !application.oauthConfiguration.enabledGrants.contains(GrantType.refresh_token)) {
            oauthError(exchange, 400, new OAuthError("invalid_grant", "refresh_token_not_found",
                    "The refresh token is not valid."));
            return;
        }
        String rotated = null;
        if (application.jwtConfiguration.refreshTokenUsagePolicy == RefreshTokenUsagePolicy.OneTimeUse) {
            loginsByRefreshToken.remove(presented);
            rotated = token(40);
            loginsByRefreshToken.put(rotated, login);
        }
        tokens(exchange, login, null, rotated, false);
    }

    /** The documented token response; the refresh response has no {@code scope} nor {@code refresh_token_id}. */
    private void tokens(HttpExchange exchange, Login login, String code, String refreshToken, boolean codeGrant)
            throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        String grants = codeGrant ? "authorization_code" : "authorization_code refresh_token";
        String accessToken = sign(accessTokenClaims(login), grants, signingKey);
        answer.put("access_token", accessToken);
        answer.put("expires_in", tokenLifetime.toSeconds());
        if (login.has("openid")) {
            answer.put("id_token", idToken(login, accessToken, code, grants));
        }
        if (refreshToken != null) {
            answer.put("refresh_token", refreshToken);
        }
        if (codeGrant && refreshToken != null) {
            answer.put("refresh_token_id", login.refreshTokenId());
        }
        if (codeGrant) {
            answer.put("scope", String.join(" ", login.scopes()));
        }
        answer.put("token_type", "Bearer");
        answer.put("userId", login.user().id());
        json(exchange, 200, JSONObjectUtils.toJSONString(answer));
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        JWTClaimsSet claims = authorization == null || !authorization.startsWith("Bearer ") ? null
                : verified(authorization.substring("Bearer ".length()));
        if (claims == null || fault == Fault.USERINFO_REFUSES || !scopes(claims).contains("openid")) {
            oauthError(exchange, 401, new OAuthError("invalid_token", "access_token_invalid",
                    "The access token is not valid."));
            return;
        }
        User user = usersByLoginId.values().stream().filter(u -> u.id().equals(claims.getSubject())).findFirst()
                .orElse(null);
        if (user == null) {
            oauthError(exchange, 401, new OAuthError("invalid_token", "access_token_invalid",
                    "The access token is not valid."));
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>(scopedClaims(user, scopes(claims)));
        answer.put("sub", user.id());
        json(exchange, 200, JSONObjectUtils.toJSONString(answer));
    }

    private void logout(HttpExchange exchange) throws IOException {
        Map<String, String> parameters = parameters(exchange);
        String target = parameters.get("post_logout_redirect_uri");
        if (target != null && !authorizedRedirect(target)) {
            errorPage(exchange, new OAuthError("invalid_request", "invalid_post_logout_redirect_uri",
                    "The post_logout_redirect_uri is invalid."));
            return;
        }
        String sessionId = cookie(exchange, SSO_COOKIE);
        if (sessionId != null) {
            ssoSessions.remove(sessionId);
        }
        exchange.getResponseHeaders().add("Set-Cookie", SSO_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        URI logoutUrl = application.oauthConfiguration.logoutURL;
        String redirect = target != null ? target : logoutUrl != null ? logoutUrl.toString() : "/";
        if (target != null && parameters.containsKey("state")) {
            redirect += (redirect.contains("?") ? "&" : "?") + "state=" + encode(parameters.get("state"));
        }
        String frames = logoutUrl == null ? "" : "<iframe src=\"" + Entities.escape(logoutUrl.toString())
                + "\" style=\"width:0;height:0;border:0\"></iframe>";
        html(exchange, 200, "<!DOCTYPE html><html><head><title>Logout</title>"
                + "<meta http-equiv=\"Refresh\" content=\"2; url=" + Entities.escape(redirect) + "\"></head>"
                + "<body><main><h1>Logging out...</h1></main>" + frames + "</body></html>");
    }

    /**
     * {@code DELETE /api/jwt/refresh}: by {@code token} (query, or a form body), by {@code /{tokenId}}, by
     * {@code userId}, {@code applicationId} or both. An API key may use every form; a JWT only the single-token
     * ones, for a token of its own subject.
     */
    private void revokeRefreshTokens(HttpExchange exchange) throws IOException {
        stallIf(Fault.STALL_REVOCATION);
        if (fault == Fault.REVOCATION_UNAVAILABLE) {
            empty(exchange, 503);
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (!"DELETE".equals(exchange.getRequestMethod())
                || !(path.equals(REFRESH_TOKENS) || path.startsWith(REFRESH_TOKENS + "/"))) {
            empty(exchange, "DELETE".equals(exchange.getRequestMethod()) ? 404 : 405);
            return;
        }
        Map<String, String> query = Browser.decodeForm(exchange.getRequestURI().getRawQuery());
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String token = query.get("token");
        if (token == null && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            token = Browser.decodeForm(body(exchange)).get("token");
        }
        String tokenId = path.length() > REFRESH_TOKENS.length() + 1
                ? path.substring(REFRESH_TOKENS.length() + 1) : null;
        String userId = query.get("userId");
        String applicationId = query.get("applicationId");
        RevocationForm form = tokenId != null ? RevocationForm.TOKEN_ID
                : token != null ? RevocationForm.TOKEN
                : userId != null && applicationId != null ? RevocationForm.USER_AND_APPLICATION
                : userId != null ? RevocationForm.USER
                : applicationId != null ? RevocationForm.APPLICATION
                : RevocationForm.NONE;

        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Caller caller = Caller.NONE;
        String subject = null;
        if (authorization != null && apiKeyMayRevoke(authorization)) {
            caller = Caller.API_KEY;
        } else {
            String jwt = authorization == null ? cookie(exchange, "access_token")
                    : authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : null;
            JWTClaimsSet claims = jwt == null ? null : verified(jwt);
            if (claims != null) {
                caller = Caller.JWT;
                subject = claims.getSubject();
            }
        }
        boolean singleToken = form == RevocationForm.TOKEN || form == RevocationForm.TOKEN_ID;
        if (caller == Caller.NONE || (caller == Caller.JWT && !singleToken)) {
            revocation(exchange, new Revocation(caller, subject, form, 401, List.of()));
            return;
        }
        if (form == RevocationForm.NONE || (userId != null && !isUuid(userId))
                || (applicationId != null && !isUuid(applicationId))) {
            revocation(exchange, new Revocation(caller, subject, form, 400, List.of()));
            return;
        }
        boolean unknownUser = userId != null && userById(userId) == null;
        boolean otherApplication = applicationId != null && !sameId(applicationId, application.id.toString());
        String value = token;
        List<Map.Entry<String, Login>> refreshTokens = loginsByRefreshToken.entrySet().stream()
                .filter(entry -> switch (form) {
                    case TOKEN -> entry.getKey().equals(value);
                    case TOKEN_ID -> entry.getValue().refreshTokenId().equals(tokenId);
                    case USER -> sameId(entry.getValue().user().id(), userId);
                    case APPLICATION -> !otherApplication;
                    case USER_AND_APPLICATION -> !otherApplication && sameId(entry.getValue().user().id(), userId);
                    case NONE -> false;
                })
                .toList();
        // The SSO session is a refresh token without an application: revoked by its id, or with all of its user's.
        List<Map.Entry<String, SsoSession>> sso = ssoSessions.entrySet().stream()
                .filter(entry -> form == RevocationForm.TOKEN_ID ? entry.getKey().equals(tokenId)
                        : form == RevocationForm.USER && sameId(entry.getValue().user().id(), userId))
                .toList();
        if ((singleToken && refreshTokens.isEmpty() && sso.isEmpty()) || unknownUser || otherApplication) {
            revocation(exchange, new Revocation(caller, subject, form, 404, List.of()));
            return;
        }
        String owner = subject;
        if (caller == Caller.JWT && (refreshTokens.stream().anyMatch(e -> !sameId(e.getValue().user().id(), owner))
                || sso.stream().anyMatch(e -> !sameId(e.getValue().user().id(), owner)))) {
            revocation(exchange, new Revocation(caller, subject, form, 401, List.of()));
            return;
        }
        List<String> revoked = new ArrayList<>();
        refreshTokens.forEach(entry -> {
            loginsByRefreshToken.remove(entry.getKey());
            revoked.add(entry.getValue().refreshTokenId());
        });
        sso.forEach(entry -> {
            ssoSessions.remove(entry.getKey());
            revoked.add(entry.getKey());
        });
        revocation(exchange, new Revocation(caller, subject, form, 200,
                revoked.stream().distinct().toList()));
    }

    /** An API key of the kickstart's with no endpoint permissions (all endpoints) or DELETE on the endpoint. */
    private boolean apiKeyMayRevoke(String presented) {
        return apiKeys.stream().anyMatch(key -> presented.equals(key.key) && (key.permissions == null
                || key.permissions.endpoints == null || key.permissions.endpoints.isEmpty()
                || key.permissions.endpoints.getOrDefault(REFRESH_TOKENS, Set.of()).contains("DELETE")));
    }

    private void revocation(HttpExchange exchange, Revocation revocation) throws IOException {
        revocations.add(revocation);
        empty(exchange, revocation.status());
    }

    private User userById(String id) {
        return usersByLoginId.values().stream().filter(user -> sameId(user.id(), id)).findFirst().orElse(null);
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** UUIDs compare whatever their case (the kickstart writes the application's in capitals). */
    private static boolean sameId(String a, String b) {
        return a != null && b != null && (isUuid(a) && isUuid(b) ? UUID.fromString(a).equals(UUID.fromString(b))
                : a.equals(b));
    }

    // ---- Tokens ----

    private String idToken(Login login, String accessToken, String code, String grants) {
        JWTClaimsSet.Builder claims = common(login)
                .claim("at_hash", halfHash(accessToken))
                .claim("sid", login.sessionId());
        if (code != null) {
            claims.claim("c_hash", halfHash(code));
        }
        if (login.nonce() != null && forgery != Forgery.NO_NONCE) {
            claims.claim("nonce", forgery == Forgery.WRONG_NONCE ? "forged-nonce" : login.nonce());
        }
        scopedClaims(login.user(), login.scopes()).forEach(claims::claim);
        switch (forgery) {
            case WRONG_ISSUER -> claims.issuer("http://attacker.example");
            case WRONG_AUDIENCE -> claims.audience("another-client");
            case EXPIRED -> claims.issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                    .expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1))));
            case ALG_NONE -> {
                return new PlainJWT(claims.build()).serialize();
            }
            case HS256_CLIENT_SECRET -> {
                return hs256(claims.build());
            }
            default -> {
                // The other forgeries are in the signature, or there is none.
            }
        }
        return sign(claims, grants, forgery == Forgery.BAD_SIGNATURE ? attackerKey : signingKey);
    }

    private JWTClaimsSet.Builder accessTokenClaims(Login login) {
        JWTClaimsSet.Builder claims = common(login).claim("applicationId", clientId).claim("roles", List.of());
        return login.refreshTokenId() == null ? claims : claims.claim("sid", login.refreshTokenId());
    }

    /** The claims both tokens carry, with Strict scope handling: nothing about the user but {@code sub}. */
    private JWTClaimsSet.Builder common(Login login) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .audience(clientId)
                .expirationTime(Date.from(now.plus(tokenLifetime)))
                .issueTime(Date.from(now))
                .issuer(issuer)
                .subject(login.user().id())
                .jwtID(UUID.randomUUID().toString())
                .claim("authenticationType", "PASSWORD")
                .claim("scope", String.join(" ", login.scopes()))
                .claim("auth_time", login.authTime().getEpochSecond())
                .claim("tid", tenantId);
    }

    /** Strict scope handling: {@code email} and the profile claims only under their scopes. */
    private static Map<String, Object> scopedClaims(User user, List<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (scopes.contains("email") && user.email() != null) {
            claims.put("email", user.email());
            claims.put("email_verified", true);
        }
        if (scopes.contains("profile")) {
            putIfPresent(claims, "given_name", user.firstName());
            putIfPresent(claims, "family_name", user.lastName());
            putIfPresent(claims, "name", user.fullName());
            putIfPresent(claims, "birthdate", user.birthDate());
        }
        return claims;
    }

    private static void putIfPresent(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    private String hs256(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new MACSigner(clientSecret().getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs with {@code signer}, always naming the signing key: a forged signature must not just miss the key. */
    private String sign(JWTClaimsSet.Builder claims, String grants, RSAKey signer) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(signingKey.getKeyID()).customParam("gty", List.of(grants.split(" "))).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An access token of this stand-in's, signed and not expired, or null. */
    private JWTClaimsSet verified(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier(signingKey)) || jwt.getJWTClaimsSet().getExpirationTime() == null
                    || jwt.getJWTClaimsSet().getExpirationTime().before(new Date())) {
                return null;
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return null;
        }
    }

    private static List<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        return scope == null ? List.of() : List.of(scope.toString().split(" "));
    }

    private static List<String> scopes(Map<String, String> parameters) {
        String scope = parameters.getOrDefault("scope", "").strip();
        return scope.isEmpty() ? List.of() : Arrays.stream(scope.split(" +")).distinct().toList();
    }

    /** OpenID Connect Core 3.1.3.6 and 3.3.2.11: the left half of the SHA-256 of the value, base64url. */
    private static String halfHash(String value) {
        byte[] hash = sha256(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, hash.length / 2));
    }

    /** RFC 7636 4.6: BASE64URL(SHA256(ASCII(code_verifier))). */
    private static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String id) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(id).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).generate();
    }

    private static String token(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    // ---- Pages and HTTP ----

    /** The hosted login page: the authorization request's parameters as hidden fields, loginId and password. */
    private void loginForm(HttpExchange exchange, Map<String, String> parameters, String error) throws IOException {
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("client_id", "code_challenge", "code_challenge_method", "nonce", "redirect_uri",
                "response_mode", "response_type", "scope", "state", "tenantId")) {
            String value = parameters.get(name);
            if (value != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(Entities.escape(value)).append("\">");
            }
        }
        html(exchange, 200, "<!DOCTYPE html><html><head><title>Login</title></head><body><main>"
                + (error == null ? "" : "<div class=\"alert error\">" + Entities.escape(error) + "</div>")
                + "<form action=\"/oauth2/authorize\" method=\"POST\">" + hidden
                + "<input type=\"text\" name=\"loginId\" value=\""
                + Entities.escape(parameters.getOrDefault("loginId", "")) + "\">"
                + "<input type=\"password\" name=\"password\">"
                + "<input type=\"checkbox\" name=\"rememberDevice\" value=\"true\"> Keep me signed in"
                + "<button type=\"submit\">Submit</button></form></main></body></html>");
    }

    /** FusionAuth's OAuth error page: shown, not redirected, where no redirect URI can be trusted. */
    private void errorPage(HttpExchange exchange, OAuthError error) throws IOException {
        html(exchange, 400, "<!DOCTYPE html><html><head><title>OAuth error</title></head><body><main>"
                + "<h1>Error</h1><pre>" + Entities.escape(error.json()) + "</pre></main></body></html>");
    }

    private void oauthError(HttpExchange exchange, int status, OAuthError error) throws IOException {
        json(exchange, status, error.json());
    }

    /** The client's credentials, in the Authorization header (Basic) or the body; the secret is required. */
    private boolean clientAuthenticated(HttpExchange exchange, Map<String, String> form) {
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            id = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length == 2 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        return clientId.equals(id) && clientSecret().equals(secret);
    }

    private boolean authorizedRedirect(String uri) {
        return application.oauthConfiguration.authorizedRedirectURLs.stream()
                .anyMatch(url -> url.toString().equals(uri));
    }

    private User ssoUser(HttpExchange exchange) {
        String sessionId = cookie(exchange, SSO_COOKIE);
        SsoSession session = sessionId == null ? null : ssoSessions.get(sessionId);
        return session == null || Instant.now().isAfter(session.expires()) ? null : session.user();
    }

    private static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String[] parts = pair.strip().split("=", 2);
                if (parts.length == 2 && parts[0].equals(name) && !parts[1].isEmpty()) {
                    return parts[1];
                }
            }
        }
        return null;
    }

    /** The pairs, then {@code state} if the request had one (it is returned only then). */
    private static Map<String, String> withState(Map<String, String> parameters, String... pairs) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.put(pairs[i], pairs[i + 1]);
        }
        if (parameters.containsKey("state")) {
            query.put("state", parameters.get("state"));
        }
        return query;
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A GET's query or a POST's form. */
    private Map<String, String> parameters(HttpExchange exchange) throws IOException {
        return Browser.decodeForm("POST".equals(exchange.getRequestMethod()) ? body(exchange)
                : exchange.getRequestURI().getRawQuery());
    }

    private String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private void json(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, "application/json", body);
    }

    private void html(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, "text/html;charset=UTF-8", body);
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

    private void empty(HttpExchange exchange, int status) throws IOException {
        record(exchange);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private void redirect(HttpExchange exchange, String location) throws IOException {
        record(exchange);
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void record(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        requests.add(exchange.getRequestMethod() + " " + uri.getPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
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

    // ---- The tests' controls: not FusionAuth's behaviour ----

    /** Registers a user to the application, as the kickstart's user registration request does. */
    public User register(User user) {
        usersByLoginId.put(user.email().toLowerCase(Locale.ROOT), user);
        return user;
    }

    /** A new user with this email and the password {@code password}, registered to the application. */
    public User register(String id, String email) {
        return register(new User(id, email, "password", null, null, null, null));
    }

    /** Every request the stand-in answered, as {@code METHOD path?query}, for the tests to inspect. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The number of token requests of this grant type the stand-in received. */
    public long tokenRequests(String grantType) {
        return requests.stream().filter(request -> request.equals("POST /oauth2/token " + grantType)).count();
    }

    /** ID tokens issued from now on are forged this way. */
    public void forge(Forgery kind) {
        forgery = kind;
    }

    /** Tokens issued from now on expire after {@code lifetime} (the application's JWT time to live). */
    public void tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** The kickstart's token lifetime again. */
    public void defaultTokenLifetime() {
        tokenLifetime = Duration.ofSeconds(application.jwtConfiguration.timeToLiveInSeconds);
    }

    /** The stand-in fails this way from now on; {@code NONE} ends the fault and releases stalled requests. */
    public void fail(Fault kind) {
        fault = kind;
        if (kind == Fault.NONE) {
            stalled.countDown();
            stalled = new CountDownLatch(1);
        }
    }

    /** Enables or disables a provided scope, as the application's {@code providedScopePolicy} does. */
    public void providedScope(String scope, boolean enabled) {
        application.oauthConfiguration.providedScopePolicy.getScopePolicy(scope).enabled = enabled;
    }

    /** The kickstart's primary API key, which may call every endpoint. */
    public String apiKey() {
        return apiKeys.get(0).key;
    }

    /**
     * An administrator revokes every refresh token of the application, over HTTP with the API key
     * ({@code DELETE /api/jwt/refresh?applicationId=}): SSO sessions stay, as they belong to no application.
     */
    public void revokeRefreshTokens() {
        administratorRevokes("applicationId=" + encode(application.id.toString()));
    }

    /**
     * An administrator revokes every refresh token of the user, her SSO sessions too, over HTTP with the API key
     * ({@code DELETE /api/jwt/refresh?userId=}).
     */
    public void revokeRefreshTokens(String userId) {
        administratorRevokes("userId=" + encode(userId));
    }

    private void administratorRevokes(String query) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + REFRESH_TOKENS + "?" + query))
                .header("Authorization", apiKey()).DELETE().build();
        try {
            int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("DELETE " + REFRESH_TOKENS + "?" + query + " answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every revocation request the stand-in answered, in order, refused ones too. */
    public List<Revocation> revocations() {
        return List.copyOf(revocations);
    }

    /** Whether the refresh grant would still take this refresh token. */
    public boolean refreshTokenLive(String refreshToken) {
        return loginsByRefreshToken.containsKey(refreshToken);
    }

    /** How many refresh tokens (by id) of the user the refresh grant would still take. */
    public long liveRefreshTokens(String userId) {
        return loginsByRefreshToken.values().stream().filter(login -> sameId(login.user().id(), userId))
                .map(Login::refreshTokenId).distinct().count();
    }

    /** How many unexpired SSO sessions the user has. */
    public long ssoSessions(String userId) {
        return ssoSessions.values().stream().filter(session -> sameId(session.user().id(), userId)
                && Instant.now().isBefore(session.expires())).count();
    }

    @Override
    public void close() {
        stalled.countDown();
        server.stop(0);
        threads.shutdown();
    }
}

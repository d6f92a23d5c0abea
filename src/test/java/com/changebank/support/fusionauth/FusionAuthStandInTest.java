package com.changebank.support.fusionauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.FreePort;
import com.changebank.support.fusionauth.FusionAuthStandIn.Caller;
import com.changebank.support.fusionauth.FusionAuthStandIn.Revocation;
import com.changebank.support.fusionauth.FusionAuthStandIn.RevocationForm;
import com.changebank.support.fusionauth.FusionAuthStandIn.User;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stand-in itself, spoken to as ChangeBank and a browser would, against the table of its package. */
class FusionAuthStandInTest {

    private static final String APP = "http://localhost:8123/";
    private static final String CALLBACK = APP + "callback";
    private static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9kDbc7pC3i0V5nkVtDFgwnZKs";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static FusionAuthStandIn provider;
    private final Browser browser = new Browser();

    @BeforeAll
    static void start() {
        provider = FusionAuthStandIn.start(FreePort.find(), APP);
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void theDiscoveryDocumentIsTheDocumentedOneWithTheHostRewritten() throws Exception {
        String served = browser.get(provider.origin() + "/.well-known/openid-configuration").body();
        String documented;
        try (InputStream in = getClass().getResourceAsStream("/fusionauth/openid/configuration/response.json")) {
            documented = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(documented.replace("https://piedpiper.fusionauth.io", provider.origin())
                .replace("\"issuer\": \"piedpiper.fusionauth.io\"", "\"issuer\": \"" + provider.issuer() + "\""),
                served);
        assertTrue(served.contains("\"scopes_supported\": [\n    \"openid\",\n    \"offline_access\"\n  ]"), served);
        assertFalse(served.contains("revocation_endpoint"), "FusionAuth has no RFC 7009 endpoint");
        assertEquals("http://localhost:" + URI.create(provider.origin()).getPort(), provider.issuer(),
                "the kickstart's tenant issuer, http://localhost:9011, on the stand-in's port");
    }

    @Test
    void theKeysAreTwoRsaKeysOneOfThemTheKickstartsWhichSignsTheTokens() throws Exception {
        JWKSet keys = JWKSet.parse(browser.get(provider.origin() + "/.well-known/jwks.json").body());
        assertEquals(2, keys.getKeys().size());
        Map<String, String> tokens = tokens(login("openid email profile offline_access"), VERIFIER);
        String kid = SignedJWT.parse(tokens.get("id_token")).getHeader().getKeyID();
        assertNotNull(keys.getKeyByKeyId(kid), "the signing key is published");
    }

    @Test
    void aWrongPasswordShowsTheFormAgain() {
        Page form = browser.step(authorize("openid", true, "state-1"));
        assertEquals(200, form.status());
        Page again = browser.submit(form.form("form[action=/oauth2/authorize]"),
                Map.of("loginId", provider.user().email(), "password", "wrong"));
        assertEquals(200, again.status());
        assertEquals("Invalid login credentials.", again.document().selectFirst(".alert").text());
        assertNotNull(again.document().selectFirst("input[name=password]"));
    }

    @Test
    void aRedirectUriThatIsNotAuthorizedExactlyGetsAnErrorPageNotARedirect() {
        String url = authorize("openid", true, "s").replace(encode(CALLBACK), encode(CALLBACK + "/"));
        Page page = browser.step(url);
        assertEquals(400, page.status());
        assertTrue(page.body().contains("invalid_redirect_uri"), page::body);
    }

    @Test
    void authorizationErrorsGoBackToTheRedirectUriWithTheirReasonAndTheState() {
        assertRedirectError(authorize("openid email unknown", true, "s1"), "invalid_scope", "unknown_scope", "s1");
        assertRedirectError(authorize("openid", false, "s2"), "invalid_request", "missing_code_challenge", "s2");
        assertRedirectError(authorize("openid", true, "s3").replace("response_type=code", "response_type=token"),
                "unsupported_response_type", "invalid_response_type", "s3");
    }

    @Test
    void theCodeGrantAnswersTheDocumentedFieldsAndStrictClaims() throws Exception {
        Map<String, String> tokens = tokens(login("openid email offline_access"), VERIFIER);
        assertEquals(Set.of("access_token", "expires_in", "id_token", "refresh_token", "refresh_token_id", "scope",
                "token_type", "userId"), tokens.keySet());
        Map<String, Object> idToken = SignedJWT.parse(tokens.get("id_token")).getJWTClaimsSet().getClaims();
        assertEquals(provider.user().email(), idToken.get("email"), "the email scope was asked for");
        assertFalse(idToken.containsKey("given_name"), "not the profile scope");
        assertTrue(idToken.keySet().containsAll(List.of("at_hash", "c_hash", "auth_time", "sid", "tid", "nonce")),
                idToken::toString);
        Map<String, Object> accessToken = SignedJWT.parse(tokens.get("access_token")).getJWTClaimsSet().getClaims();
        assertFalse(accessToken.containsKey("email"), "Strict: nothing about the user but sub");

        Map<String, String> withoutEmail = tokens(login("openid profile"), VERIFIER);
        Map<String, Object> profileOnly = SignedJWT.parse(withoutEmail.get("id_token")).getJWTClaimsSet().getClaims();
        assertFalse(profileOnly.containsKey("email"));
        assertEquals("Richard", profileOnly.get("given_name"));
        assertFalse(withoutEmail.containsKey("refresh_token"), "no offline_access, no refresh token");
    }

    @Test
    void aCodeNeedsTheVerifierOfItsChallengeAndIsGoodOnce() {
        String code = login("openid");
        Page wrong = tokenRequest(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
                "code_verifier", "x".repeat(43)));
        assertEquals(400, wrong.status());
        assertTrue(wrong.body().contains("invalid_pkce_code_verifier"), wrong::body);
        Page again = tokenRequest(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
                "code_verifier", VERIFIER));
        assertEquals(400, again.status(), "the code was used by the first request");
    }

    @Test
    void aReusableRefreshTokenRefreshesWithoutANewOne() {
        String refreshToken = tokens(login("openid offline_access"), VERIFIER).get("refresh_token");
        for (int i = 0; i < 2; i++) {
            Page refreshed = tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
            assertEquals(200, refreshed.status(), refreshed::body);
            assertEquals(Set.of("access_token", "expires_in", "id_token", "token_type", "userId"),
                    json(refreshed.body()).keySet());
        }
    }

    @Test
    void userinfoAnswersTheClaimsOfTheTokensScopes() {
        String accessToken = tokens(login("openid email"), VERIFIER).get("access_token");
        assertEquals(401, userinfo(null).statusCode(), "no bearer token");
        HttpResponse<String> userinfo = userinfo(accessToken);
        assertEquals(200, userinfo.statusCode(), userinfo::body);
        assertEquals(Set.of("sub", "email", "email_verified"), json(userinfo.body()).keySet());
    }

    @Test
    void logoutShowsItsPageWithTheLogoutUrlAndEndsTheSsoSession() {
        login("openid");
        assertNotNull(browser.cookie("localhost", "fusionauth.sso"), "Keep me signed in: an SSO session");
        Page page = browser.get(provider.origin() + "/oauth2/logout?client_id=" + provider.clientId()
                + "&post_logout_redirect_uri=" + encode(APP));
        assertEquals(200, page.status());
        Element frame = page.document().selectFirst("iframe");
        assertEquals(APP + "logout/local", frame.attr("src"), "the kickstart's logoutURL");
        assertEquals("2; url=" + APP, page.document().selectFirst("meta[http-equiv=Refresh]").attr("content"));
        assertNull(browser.cookie("localhost", "fusionauth.sso"), "the SSO session ended");

        Page refused = browser.get(provider.origin() + "/oauth2/logout?client_id=" + provider.clientId()
                + "&post_logout_redirect_uri=" + encode("http://attacker.example/"));
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("invalid_post_logout_redirect_uri"), refused::body);
    }

    @Test
    void aUserRevokesHerRefreshTokenByValueWithHerJwtAndTheRefreshGrantRefusesIt() {
        Map<String, String> tokens = tokens(login("openid offline_access"), VERIFIER);
        String refreshToken = tokens.get("refresh_token");
        HttpResponse<String> revoked = revoke("", "Bearer " + tokens.get("access_token"),
                "token=" + encode(refreshToken));
        assertEquals(200, revoked.statusCode());
        assertEquals("", revoked.body());
        assertEquals(new Revocation(Caller.JWT, provider.user().id(), RevocationForm.TOKEN, 200,
                List.of(tokens.get("refresh_token_id"))), last());
        assertFalse(provider.refreshTokenLive(refreshToken));
        Page refused = tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        assertEquals(400, refused.status());
        assertEquals("invalid_grant", json(refused.body()).get("error"));
        assertTrue(provider.requests().stream().noneMatch(request -> request.contains(encode(refreshToken))),
                "the token in the body, not in the address");
    }

    @Test
    void anotherUsersJwtCannotRevokeTheToken() {
        String refreshToken = tokens(login("openid offline_access"), VERIFIER).get("refresh_token");
        User other = provider.register(UUID.randomUUID().toString(), "other-" + UUID.randomUUID() + "@example.com");
        String othersJwt = tokens(login(new Browser(), other, "openid offline_access"), VERIFIER).get("access_token");
        assertEquals(401, revoke("?token=" + encode(refreshToken), "Bearer " + othersJwt, null).statusCode());
        assertEquals(new Revocation(Caller.JWT, other.id(), RevocationForm.TOKEN, 401, List.of()), last());
        assertTrue(provider.refreshTokenLive(refreshToken));
        assertEquals(200, tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken))
                .status());
    }

    @Test
    void withoutValidAuthenticationTheRevocationIsRefused() {
        Map<String, String> tokens = tokens(login("openid offline_access"), VERIFIER);
        String refreshToken = tokens.get("refresh_token");
        String query = "?token=" + encode(refreshToken);
        String forged = tokens.get("access_token").replaceFirst("\\.[^.]+$", "." + "A".repeat(342));
        for (String authorization : new String[] {null, "not-the-api-key", "Bearer " + forged,
                "Basic " + Base64.getEncoder().encodeToString(("apikey:" + provider.apiKey()).getBytes())}) {
            assertEquals(401, revoke(query, authorization, null).statusCode(), authorization);
            assertEquals(Caller.NONE, last().caller());
        }
        assertTrue(provider.refreshTokenLive(refreshToken));
    }

    @Test
    void theApiKeyRevokesEveryTokenOfAUserAndHerSsoSessionsButAJwtMayNot() {
        User user = provider.register(UUID.randomUUID().toString(), "many-" + UUID.randomUUID() + "@example.com");
        Browser device = new Browser();
        String jwt = tokens(login(device, user, "openid offline_access"), VERIFIER).get("access_token");
        tokens(login(device, user, "openid offline_access"), VERIFIER);
        String othersToken = tokens(login("openid offline_access"), VERIFIER).get("refresh_token");
        assertEquals(2, provider.liveRefreshTokens(user.id()));
        assertEquals(1, provider.ssoSessions(user.id()));

        assertEquals(401, revoke("?userId=" + user.id(), "Bearer " + jwt, null).statusCode(), "API key only");
        assertEquals(2, provider.liveRefreshTokens(user.id()));

        assertEquals(200, revoke("?userId=" + user.id(), provider.apiKey(), null).statusCode());
        assertEquals(Caller.API_KEY, last().caller());
        assertEquals(RevocationForm.USER, last().form());
        assertEquals(3, last().tokenIds().size(), "two refresh tokens and the SSO session");
        assertEquals(0, provider.liveRefreshTokens(user.id()));
        assertEquals(0, provider.ssoSessions(user.id()));
        assertTrue(provider.refreshTokenLive(othersToken), "another user's token");

        assertEquals(404, revoke("?userId=" + UUID.randomUUID(), provider.apiKey(), null).statusCode());
        assertEquals(400, revoke("", provider.apiKey(), null).statusCode(), "no form at all");
    }

    @Test
    void theApplicationsTokensAreRevokedTogetherAndTheSsoSessionStays() {
        String refreshToken = tokens(login("openid offline_access"), VERIFIER).get("refresh_token");
        provider.revokeRefreshTokens();
        assertEquals(RevocationForm.APPLICATION, last().form());
        assertFalse(provider.refreshTokenLive(refreshToken));
        assertEquals(0, provider.liveRefreshTokens(provider.user().id()));
        assertTrue(provider.ssoSessions(provider.user().id()) > 0, "an SSO session belongs to no application");
        assertEquals(404, revoke("?applicationId=" + UUID.randomUUID(), provider.apiKey(), null).statusCode());
    }

    @Test
    void aTokenIsRevokedByItsIdWithTheOwnersJwtOrTheApiKey() throws Exception {
        Map<String, String> first = tokens(login("openid offline_access"), VERIFIER);
        Map<String, String> second = tokens(login("openid offline_access"), VERIFIER);
        String sid = SignedJWT.parse(first.get("access_token")).getJWTClaimsSet().getStringClaim("sid");
        assertEquals(first.get("refresh_token_id"), sid, "the access token's sid is the refresh token's id");

        assertEquals(200, revoke("/" + sid, "Bearer " + first.get("access_token"), null).statusCode());
        assertEquals(List.of(sid), last().tokenIds());
        assertFalse(provider.refreshTokenLive(first.get("refresh_token")));
        assertTrue(provider.refreshTokenLive(second.get("refresh_token")), "only that one");

        assertEquals(404, revoke("/" + sid, provider.apiKey(), null).statusCode(), "already revoked");
        assertEquals(200, revoke("/" + second.get("refresh_token_id"), provider.apiKey(), null).statusCode());
        assertFalse(provider.refreshTokenLive(second.get("refresh_token")));
    }

    /** {@code DELETE /api/jwt/refresh{suffix}}, with this Authorization header (none for null) and form body. */
    private static HttpResponse<String> revoke(String suffix, String authorization, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.origin() + "/api/jwt/refresh"
                + suffix));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.DELETE();
        }
        return send(request.build());
    }

    private static Revocation last() {
        List<Revocation> all = provider.revocations();
        return all.get(all.size() - 1);
    }

    private void assertRedirectError(String authorize, String error, String reason, String state) {
        Page page = browser.step(authorize);
        assertEquals(302, page.status(), page::body);
        URI location = URI.create(page.headers().firstValue("Location").orElseThrow());
        assertEquals(CALLBACK, location.toString().replaceAll("\\?.*", ""));
        Map<String, String> query = Browser.query(location);
        assertEquals(error, query.get("error"));
        assertEquals(reason, query.get("error_reason"));
        assertEquals(state, query.get("state"));
        assertTrue(query.containsKey("error_description"));
    }

    /**
     * Logs in through the form with "Keep me signed in", or through the SSO session that keeps, and returns the code
     * the callback gets.
     */
    private String login(String scope) {
        return login(browser, provider.user(), scope);
    }

    private String login(Browser browser, User user, String scope) {
        Page toCallback = browser.step(authorize(scope, true, "state"));
        if (toCallback.status() == 200) {
            Map<String, String> fields = new LinkedHashMap<>();
            toCallback.form("form[action=/oauth2/authorize]").formData().forEach(f -> fields.put(f.key(), f.value()));
            fields.putAll(Map.of("loginId", user.email(), "password", user.password(),
                    "rememberDevice", "true"));
            toCallback = browser.stepPost(provider.origin() + "/oauth2/authorize", fields);
        }
        assertEquals(302, toCallback.status(), toCallback::body);
        Map<String, String> query = Browser.query(
                URI.create(toCallback.headers().firstValue("Location").orElseThrow()));
        assertEquals(provider.issuer(), query.get("iss"));
        assertEquals("Authenticated", query.get("userState"));
        return query.get("code");
    }

    private Map<String, String> tokens(String code, String verifier) {
        Page answer = tokenRequest(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
                "code_verifier", verifier));
        assertEquals(200, answer.status(), answer::body);
        return json(answer.body());
    }

    private Page tokenRequest(Map<String, String> form) {
        Map<String, String> withClient = new LinkedHashMap<>(form);
        withClient.put("client_id", provider.clientId());
        withClient.put("client_secret", provider.clientSecret());
        return new Browser().post(provider.origin() + "/oauth2/token", withClient);
    }

    private String authorize(String scope, boolean pkce, String state) {
        String challenge;
        try {
            challenge = s256(VERIFIER);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return provider.origin() + "/oauth2/authorize?client_id=" + provider.clientId() + "&redirect_uri="
                + encode(CALLBACK) + "&response_type=code&scope=" + encode(scope) + "&state=" + state + "&nonce=n"
                + (pkce ? "&code_challenge=" + challenge + "&code_challenge_method=S256" : "");
    }

    /** A GET of the userinfo endpoint with {@code Authorization: Bearer token}, or without the header for null. */
    private static HttpResponse<String> userinfo(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.origin() + "/oauth2/userinfo"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The top-level members of a JSON object, as text. */
    private static Map<String, String> json(String body) {
        try {
            return JSONObjectUtils.parse(body).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
        } catch (ParseException e) {
            throw new AssertionError("not a JSON object: " + body, e);
        }
    }

    private static String s256(String verifier) throws NoSuchAlgorithmException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.changebank.security.DotEnvConfigSource;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FusionAuth kickstart (production-like provider), the Keycloak realm (provider of the local tests) and .env
 * (read by the app) describe the same client and user three times; this keeps them from drifting apart.
 */
class ProviderConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("#\\{(\\w+)}");

    private static JsonNode kickstart;
    private static JsonNode application;
    private static JsonNode userRequest;
    private static JsonNode client;
    private static JsonNode keycloakUser;
    private static Map<String, String> env;

    @BeforeAll
    static void load() throws IOException {
        kickstart = readKickstart(Path.of("kickstart", "kickstart.json"));
        String applicationId = kickstart.path("variables").path("applicationId").asText();
        application = request("POST", "/api/application/" + applicationId).path("application");
        userRequest = stream(kickstart.path("requests"))
                .filter(r -> r.path("url").asText().startsWith("/api/user/registration/"))
                .filter(r -> applicationId.equals(r.path("body").path("registration").path("applicationId").asText()))
                .findFirst()
                .orElseGet(() -> fail("kickstart should register a user to application " + applicationId));

        JsonNode realm = JSON.readTree(Path.of("server-config", "keycloak", "changebank-realm.json").toFile());
        assertEquals(1, realm.path("clients").size(), "Keycloak realm should declare exactly one client");
        assertEquals(1, realm.path("users").size(), "Keycloak realm should declare exactly one user");
        client = realm.path("clients").get(0);
        keycloakUser = realm.path("users").get(0);

        // Read as the app reads it.
        env = new DotEnvConfigSource(Path.of(".env")).getProperties();
    }

    @Test
    void clientIdAndSecretAgree() {
        String applicationId = kickstart.path("variables").path("applicationId").asText();
        String secret = application.path("oauthConfiguration").path("clientSecret").asText();

        // FusionAuth compares application ids as UUIDs, so their case does not matter.
        String clientId = client.path("clientId").asText();
        assertTrue(applicationId.equalsIgnoreCase(clientId),
                "Keycloak clientId " + clientId + " should be the kickstart applicationId " + applicationId);
        assertTrue(applicationId.equalsIgnoreCase(env.get("CLIENT_ID")),
                ".env CLIENT_ID " + env.get("CLIENT_ID") + " should be the kickstart applicationId " + applicationId);
        assertEquals(secret, client.path("secret").asText(),
                "Keycloak client secret should be the kickstart clientSecret");
        assertEquals(secret, env.get("CLIENT_SECRET"), ".env CLIENT_SECRET should be the kickstart clientSecret");

        // Without this mapper Keycloak's access token would not name the app as audience, as FusionAuth's does.
        JsonNode audience = stream(client.path("protocolMappers"))
                .filter(m -> "oidc-audience-mapper".equals(m.path("protocolMapper").asText()))
                .findFirst()
                .orElseGet(() -> fail("Keycloak client should have an oidc-audience-mapper"));
        assertEquals(clientId, audience.path("config").path("included.client.audience").asText(),
                "Keycloak audience mapper should add the client id to the access token");
    }

    @Test
    void issuerAgrees() {
        String tenantUrl = "/api/tenant/" + kickstart.path("variables").path("defaultTenantId").asText();
        assertEquals(request("PATCH", tenantUrl).path("tenant").path("issuer").asText(), env.get("ISSUER"),
                ".env ISSUER should be the issuer the kickstart sets on the default tenant");
    }

    @Test
    void userAgrees() {
        JsonNode user = userRequest.path("body").path("user");
        String url = userRequest.path("url").asText();

        // The same id gives the same `sub` claim from both providers.
        assertUserField("id", url.substring(url.lastIndexOf('/') + 1), keycloakUser.path("id"));
        assertUserField("email", user.path("email").asText(), keycloakUser.path("email"));
        assertUserField("username", user.path("email").asText(), keycloakUser.path("username"));
        assertUserField("firstName", user.path("firstName").asText(), keycloakUser.path("firstName"));
        assertUserField("lastName", user.path("lastName").asText(), keycloakUser.path("lastName"));
        JsonNode credential = keycloakUser.path("credentials").path(0);
        assertEquals("password", credential.path("type").asText(), "Keycloak user credential should be a password");
        assertUserField("password", user.path("password").asText(), credential.path("value"));
    }

    @Test
    void keycloakRequiresPkceAsFusionAuthDoes() {
        // Keycloak's counterpart of the Required policy: it refuses an authorization request without an S256 challenge.
        assertEquals("S256", client.path("attributes").path("pkce.code.challenge.method").asText(),
                "Keycloak client attribute pkce.code.challenge.method");
    }

    @Test
    void redirectsAndOriginsAgree() {
        JsonNode oauth = application.path("oauthConfiguration");
        Set<String> redirects = strings(oauth.path("authorizedRedirectURLs"));

        assertEquals(redirects, strings(client.path("redirectUris")),
                "Keycloak redirectUris should be the kickstart authorizedRedirectURLs");
        assertEquals(strings(oauth.path("authorizedOriginURLs")), strings(client.path("webOrigins")),
                "Keycloak webOrigins should be the kickstart authorizedOriginURLs");
        // FusionAuth only accepts a post_logout_redirect_uri that is an authorized redirect URL.
        String postLogout = client.path("attributes").path("post.logout.redirect.uris").asText();
        for (String uri : postLogout.split("##")) {
            assertTrue(redirects.contains(uri),
                    "Keycloak post-logout URI " + uri + " should be one of the kickstart redirects " + redirects);
        }
    }

    @Test
    void fusionAuthApplicationSuitsTheOpenIdMechanism() {
        JsonNode oauth = application.path("oauthConfiguration");

        // The app sends a PKCE S256 challenge on every login, so FusionAuth can refuse a login without one.
        assertEquals("Required", oauth.path("proofKeyForCodeExchangePolicy").asText(), "FusionAuth PKCE policy");
        assertEquals(Set.of("authorization_code", "refresh_token"), strings(oauth.path("enabledGrants")),
                "FusionAuth enabledGrants");
        assertTrue(oauth.path("generateRefreshTokens").asBoolean(), "generateRefreshTokens should be true");
        // FusionAuth calls this URL on logout: it must end only the local session, not bounce back to FusionAuth.
        assertEquals("http://localhost:8080/logout/local", oauth.path("logoutURL").asText(), "FusionAuth logoutURL");
    }

    /** Parses the kickstart with its {@code #{name}} variables filled in, as FusionAuth does at start-up. */
    private static JsonNode readKickstart(Path path) throws IOException {
        String text = Files.readString(path);
        JsonNode variables = JSON.readTree(text).path("variables");
        Matcher matcher = VARIABLE.matcher(text);
        // Built-in functions such as #{UUID()} do not match the pattern and stay as they are.
        String resolved = matcher.replaceAll(match -> {
            JsonNode value = variables.path(match.group(1));
            String replacement = value.isMissingNode() ? match.group() : escape(value.asText());
            return Matcher.quoteReplacement(replacement);
        });
        return JSON.readTree(resolved);
    }

    private static void assertUserField(String field, String kickstartValue, JsonNode keycloakValue) {
        assertEquals(kickstartValue, keycloakValue.asText(),
                "Keycloak user " + field + " should match the kickstart user");
    }

    private static String escape(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }

    private static JsonNode request(String method, String url) {
        return stream(kickstart.path("requests"))
                .filter(r -> method.equals(r.path("method").asText()) && url.equals(r.path("url").asText()))
                .findFirst()
                .orElseGet(() -> fail("kickstart has no request " + method + " " + url))
                .path("body");
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static Set<String> strings(JsonNode array) {
        return stream(array).map(JsonNode::asText).collect(Collectors.toSet());
    }
}

package com.changebank.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings are checked at start-up: a value ChangeBank cannot use safely stops the deployment. */
class OidcConfigTest {

    @Test
    void theProviderIsSpokenToOverHttpsOrOnThisMachine() {
        assertTrue(OidcConfig.isAllowedEndpoint("https://auth.example.com", false));
        assertTrue(OidcConfig.isAllowedEndpoint("https://piedpiper.fusionauth.io/oauth2/token", false));
        for (String local : List.of("http://localhost:9011", "http://127.0.0.1:8180/realms/changebank",
                "http://127.1.2.3/", "http://[::1]:9011")) {
            assertTrue(OidcConfig.isAllowedEndpoint(local, false), local);
        }
        for (String remote : List.of("http://auth.example.com", "http://10.0.0.5:9011", "http://localhost.example.com",
                "http://127.0.0.1.example.com", "ftp://localhost", "https:///nohost", "localhost:9011")) {
            assertFalse(OidcConfig.isAllowedEndpoint(remote, false), remote);
        }
        assertTrue(OidcConfig.isAllowedEndpoint("http://fusionauth:9011", true), "ALLOW_HTTP_ISSUER=true");
        assertFalse(OidcConfig.isAllowedEndpoint("ftp://fusionauth", true), "http only, even then");
    }

    @Test
    void appUrlIsAnOriginAndNothingMore() {
        assertEquals(URI.create("https://bank.example.com"), OidcConfig.origin("https://bank.example.com"));
        assertEquals(URI.create("https://bank.example.com:8443"), OidcConfig.origin("https://bank.example.com:8443/"));
        assertEquals(URI.create("http://localhost:8080"), OidcConfig.origin("http://localhost:8080"));
        for (String bad : List.of("bank.example.com", "https://bank.example.com/app", "https://bank.example.com?x=1",
                "https://user@bank.example.com", "https://bank.example.com#top", "javascript:alert(1)", "https://",
                "https://bank example.com")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> OidcConfig.origin(bad));
            assertTrue(refused.getMessage().startsWith("ChangeBank cannot start: APP_URL must be"), refused::getMessage);
        }
    }

    @Test
    void scopeNamesOpenidAndUsesOnlyScopeTokenCharacters() {
        assertTrue(OidcConfig.isValidScope(OidcConfig.DEFAULT_SCOPE));
        assertTrue(OidcConfig.isValidScope("openid email profile"));
        assertTrue(OidcConfig.isValidScope("openid"));
        assertTrue(OidcConfig.isValidScope("profile openid urn:example:read/write"));

        assertFalse(OidcConfig.isValidScope("email profile"), "no openid");
        assertFalse(OidcConfig.isValidScope("openidx email"), "openid only as part of another name");
        assertFalse(OidcConfig.isValidScope("openid,email"), "comma-separated: one unknown scope");
        assertFalse(OidcConfig.isValidScope("openid \"email\""), "a quote");
        assertFalse(OidcConfig.isValidScope("openid back\\slash"), "a backslash");
        assertFalse(OidcConfig.isValidScope("openid  email"), "two spaces");
        assertFalse(OidcConfig.isValidScope("openid e\u00e9"), "not ASCII");
        assertFalse(OidcConfig.isValidScope(""));
    }

    @Test
    void theSessionCookieIsSameSiteNoneOnlyWhereItIsAlsoSecure() {
        Optional<URI> https = Optional.of(URI.create("https://bank.example.com"));
        assertEquals("Lax", OidcConfig.sameSite("Lax", Optional.empty()));
        assertEquals("Lax", OidcConfig.sameSite("Lax", https));
        assertEquals("None", OidcConfig.sameSite("None", https));
        for (Optional<URI> plain : List.of(Optional.<URI>empty(), Optional.of(URI.create("http://localhost:8080")))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> OidcConfig.sameSite("None", plain));
            assertTrue(refused.getMessage().startsWith("ChangeBank cannot start: SESSION_COOKIE_SAME_SITE must be"
                    + " Lax, or None with an https:// APP_URL"), refused::getMessage);
        }
        for (String bad : List.of("Strict", "none", "lax", "None; Secure")) {
            assertThrows(IllegalStateException.class, () -> OidcConfig.sameSite(bad, https), bad);
        }
    }
}

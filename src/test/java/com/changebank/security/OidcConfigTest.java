package com.changebank.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SCOPE is checked at start-up: a scope the provider would refuse, or one without openid, stops the deployment. */
class OidcConfigTest {

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
}

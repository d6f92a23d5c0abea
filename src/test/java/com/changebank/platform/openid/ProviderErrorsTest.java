package com.changebank.platform.openid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderErrorsTest {

    private static final String SCOPE = "openid email profile offline_access";

    @Test
    void aRefusedScopeNamesTheUnlistedScopesAndTheSetting() {
        assertEquals("Login failed: the provider refused a scope ChangeBank asked for (error=invalid_scope,"
                + " error_description=Unknown scope profile); its discovery document does not list email, profile."
                + " Set SCOPE (now 'openid email profile offline_access') to scopes the provider grants, or let the"
                + " provider grant them.",
                ProviderErrors.describe("invalid_scope", "Unknown scope profile", "SCOPE", SCOPE,
                        List.of("openid", "offline_access")));
    }

    @Test
    void aRefusedScopeWithoutAListSaysSo() {
        String line = ProviderErrors.describe("invalid_scope", null, "SCOPE", SCOPE, null);
        assertEquals("Login failed: the provider refused a scope ChangeBank asked for (error=invalid_scope); its"
                + " discovery document lists no scopes to compare with. Set SCOPE (now '" + SCOPE + "') to scopes the"
                + " provider grants, or let the provider grant them.", line);
    }

    @Test
    void otherErrorsAreQuotedOnOneSafeLine() {
        assertEquals("Login failed: the provider answered error=access_denied, error_description=no?forged line",
                ProviderErrors.describe("access_denied", "no\nforged line", "SCOPE", SCOPE, null));
        assertEquals("Login failed: the provider answered error=(not an error code)",
                ProviderErrors.describe("<script>", "", "SCOPE", SCOPE, null));
        String longText = "x".repeat(500);
        assertEquals(200 + "...".length(),
                ProviderErrors.describe("server_error", longText, "SCOPE", SCOPE, null)
                        .split("error_description=")[1].length());
    }
}

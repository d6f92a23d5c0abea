package com.changebank.platform.openid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.security.enterprise.authentication.mechanism.http.openid.OpenIdConstant;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one log line for a login the provider refused (a callback with {@code error}, RFC 6749 4.1.2.1), which the
 * mechanism only answers with a failure status. A refused scope names the scopes and the setting to change.
 */
@ApplicationScoped
public class ProviderErrors {

    private static final int MAX_DESCRIPTION = 200;

    @Inject
    private ProviderSettings config;

    @Inject
    private ProviderClient provider;

    public String describe(HttpServletRequest callback) {
        String error = callback.getParameter(OpenIdConstant.ERROR_PARAM);
        String description = callback.getParameter(OpenIdConstant.ERROR_DESCRIPTION_PARAM);
        return describe(error, description, config.getScopeSetting(), config.getScope(),
                "invalid_scope".equals(error) ? listedScopes() : null);
    }

    /**
     * The line for the provider's {@code error} and {@code description}: a refused scope names the requested scopes
     * that {@code listed} (the discovery document's {@code scopes_supported}; null if unknown) leaves out, and the
     * setting that holds them.
     */
    static String describe(String error, String description, String setting, String scope, List<String> listed) {
        String code = error.matches("[a-z_]{1,64}") ? error : "(not an error code)";
        String text = printable(description);
        String answer = "error=" + code + (text.isEmpty() ? "" : ", error_description=" + text);
        if (!"invalid_scope".equals(code)) {
            return "Login failed: the provider answered " + answer;
        }
        String culprits;
        if (listed == null || listed.isEmpty()) {
            culprits = "its discovery document lists no scopes to compare with";
        } else {
            List<String> missing = Stream.of(scope.split(" ")).filter(name -> !listed.contains(name)).toList();
            culprits = missing.isEmpty() ? "its discovery document lists every one"
                    : "its discovery document does not list " + String.join(", ", missing);
        }
        return "Login failed: the provider refused a scope ChangeBank asked for (" + answer + "); " + culprits
                + ". Set " + setting + " (now '" + scope + "') to scopes the provider grants, or let the provider grant"
                + " them.";
    }

    private List<String> listedScopes() {
        try {
            JsonArray listed = provider.discovery(config.getDiscoveryUri())
                    .getJsonArray(DiscoveryHook.SCOPES_SUPPORTED);
            return listed == null ? null : listed.getValuesAs(JsonString.class).stream().map(JsonString::getString)
                    .toList();
        } catch (UncheckedIOException | IllegalStateException | ClassCastException unreadable) {
            return null;
        }
    }

    /** The provider's text, safe for one log line: printable ASCII only, and not too long. */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= MAX_DESCRIPTION ? printable : printable.substring(0, MAX_DESCRIPTION) + "...";
    }
}

package com.changebank.support.fusionauth;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.inversoft.json.JacksonModule;
import io.fusionauth.domain.APIKey;
import io.fusionauth.domain.Application;
import io.fusionauth.domain.Key;
import io.fusionauth.domain.api.ApplicationRequest;
import io.fusionauth.domain.api.KeyRequest;
import io.fusionauth.domain.api.SystemConfigurationRequest;
import io.fusionauth.domain.api.TenantRequest;
import io.fusionauth.domain.api.user.RegistrationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's {@code kickstart/kickstart.json} as FusionAuth reads it at its first start: the {@code #{name}}
 * variables filled in ({@code #{UUID()}} a new random UUID), and each request body read into FusionAuth's own API
 * classes (its Java client), strictly, so a field FusionAuth would not know fails here. Where the kickstart says
 * nothing, the value is the default of FusionAuth's model (for example the application's scope handling
 * {@code Strict}, its refresh-token usage {@code Reusable}).
 * <p>
 * A request's own fields, beside its body, are checked too: only those the kickstart documentation names.
 * <p>
 * The file is ChangeBank's own; it follows FusionAuth's Flask quickstart
 * ({@code FusionAuth/fusionauth-quickstart-python-flask-web}, {@code kickstart/kickstart.json}, as of commit
 * {@code 3867340}, 2026-05-06) where that applies.
 */
public final class Kickstart {

    /** FusionAuth's client mapper, strict; its module reads the dates ({@code User.birthDate}). */
    static final ObjectMapper FUSIONAUTH = new ObjectMapper()
            .registerModule(new JacksonModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern VARIABLE = Pattern.compile("#\\{(\\w+)}");
    public static final Path FILE = Path.of("kickstart", "kickstart.json");

    /** The fields a kickstart request may have, from FusionAuth's kickstart documentation ("Adding API Requests"). */
    static final Set<String> REQUEST_FIELDS = Set.of("method", "contentType", "url", "tenantId", "body");

    /**
     * Whether FusionAuth collects usage data, in the system configuration since FusionAuth 1.55.0 (site
     * {@code astro/src/content/docs/apis/_system-configuration-request-body.mdx}). The Java client in pom.xml, 1.53.0,
     * the newest on Maven Central, predates it, so it is checked here and taken out before the strict read. Delete
     * this once the client has {@code SystemConfiguration.usageDataConfiguration} (KickstartModelTest says when).
     */
    static final String USAGE_DATA = "/systemConfiguration/usageDataConfiguration";

    private final JsonNode apiKeys;
    private final JsonNode requests;

    /** A request of the kickstart: its method, URL, tenant (null for none) and body as FusionAuth reads it. */
    public record Request(String method, String url, String tenantId, Object body) {
    }

    private Kickstart(JsonNode file) {
        this.apiKeys = file.path("apiKeys");
        this.requests = file.path("requests");
    }

    /** The project's kickstart. */
    public static Kickstart read() {
        return read(FILE, Map.of());
    }

    /**
     * A kickstart with every occurrence of each key of {@code rewrites} replaced by its value before it is read:
     * the tests' hosts and ports in place of {@code localhost:8080} and {@code localhost:9011}.
     */
    public static Kickstart read(Path file, Map<String, String> rewrites) {
        try {
            String text = Files.readString(file);
            for (Map.Entry<String, String> rewrite : rewrites.entrySet()) {
                text = text.replace(rewrite.getKey(), rewrite.getValue());
            }
            Map<String, String> variables = new HashMap<>();
            FUSIONAUTH.readTree(text).path("variables").properties().forEach(variable -> variables.put(
                    variable.getKey(),
                    variable.getValue().asText().replace("#{UUID()}", UUID.randomUUID().toString())));
            String resolved = VARIABLE.matcher(text).replaceAll(match -> {
                String value = variables.get(match.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("The kickstart uses an undefined variable " + match.group());
                }
                return Matcher.quoteReplacement(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
            });
            return new Kickstart(FUSIONAUTH.readTree(resolved));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Every request, its own fields checked and its body read into the API class FusionAuth reads it into. */
    public List<Request> requests() throws IOException {
        List<Request> all = new ArrayList<>();
        for (JsonNode request : requests) {
            String url = request.path("url").asText();
            checkRequestFields(request);
            JsonNode tenantId = request.get("tenantId");
            all.add(new Request(request.path("method").asText(), url, tenantId == null ? null : tenantId.asText(),
                    FUSIONAUTH.treeToValue(withoutUsageData(request.path("body")), requestClass(url))));
        }
        return all;
    }

    /**
     * Whether FusionAuth collects usage data and sends it to FusionAuth, as the kickstart's
     * {@code PATCH /api/system-configuration} sets it; null when the kickstart leaves it out.
     */
    public Boolean usageDataEnabled() {
        JsonNode enabled = checkedUsageData(body("/api/system-configuration").at(USAGE_DATA)).path("enabled");
        return enabled.isBoolean() ? enabled.booleanValue() : null;
    }

    /**
     * The API keys, the first of which (the primary) runs the requests and may call every endpoint. The kickstart
     * documents a {@code description} beside the key, which the client's model keeps in {@code metaData}.
     */
    public List<APIKey> apiKeys() {
        List<APIKey> all = new ArrayList<>();
        apiKeys.forEach(key -> all.add(read(((ObjectNode) key.deepCopy()).without("description"), APIKey.class)));
        if (all.isEmpty()) {
            throw new IllegalStateException("The kickstart has no API key, without which FusionAuth does not run it");
        }
        return all;
    }

    /** The application the request {@code POST /api/application/{id}} creates, its id from the URL. */
    public Application application() {
        ApplicationRequest request = single("/api/application/", ApplicationRequest.class);
        request.application.id = UUID.fromString(idOf("/api/application/"));
        return request.application;
    }

    /** The default tenant's issuer, as the kickstart's {@code PATCH /api/tenant/{id}} sets it. */
    public String tenantIssuer() {
        return single("/api/tenant/", TenantRequest.class).tenant.issuer;
    }

    /** The default tenant's id, from the URL of the kickstart's {@code PATCH /api/tenant/{id}}. */
    public String tenantId() {
        return idOf("/api/tenant/");
    }

    /** The key {@code POST /api/key/generate/{id}} generates, its id from the URL. */
    public Key key(UUID id) {
        Key key = single("/api/key/generate/" + id, KeyRequest.class).key;
        key.id = id;
        return key;
    }

    /** The users registered by {@code POST /api/user/registration[/{id}]}, with their ids where the URL gives one. */
    public List<RegistrationRequest> registrations() {
        List<RegistrationRequest> all = new ArrayList<>();
        for (JsonNode request : requests) {
            String url = request.path("url").asText();
            if (url.startsWith("/api/user/registration")) {
                RegistrationRequest registration = read(request.path("body"), RegistrationRequest.class);
                String id = url.substring("/api/user/registration".length()).replaceFirst("^/", "");
                if (!id.isEmpty()) {
                    registration.user.id = UUID.fromString(id);
                }
                all.add(registration);
            }
        }
        return all;
    }

    private <T> T single(String urlPrefix, Class<T> type) {
        return read(body(urlPrefix), type);
    }

    private String idOf(String urlPrefix) {
        return find(urlPrefix).path("url").asText().substring(urlPrefix.length());
    }

    private JsonNode body(String urlPrefix) {
        return find(urlPrefix).path("body");
    }

    private JsonNode find(String urlPrefix) {
        List<JsonNode> found = new ArrayList<>();
        requests.forEach(request -> {
            if (request.path("url").asText().startsWith(urlPrefix)) {
                found.add(request);
            }
        });
        if (found.size() != 1) {
            throw new IllegalStateException("The kickstart has " + found.size() + " requests to " + urlPrefix
                    + "; the stand-in reads exactly one");
        }
        return found.get(0);
    }

    private static <T> T read(JsonNode body, Class<T> type) {
        try {
            return FUSIONAUTH.treeToValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("FusionAuth would refuse this kickstart request body: " + e.getMessage(),
                    e);
        }
    }

    /** Fails on a request field the kickstart documentation does not name. */
    private static void checkRequestFields(JsonNode request) {
        Set<String> unknown = new LinkedHashSet<>();
        request.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(REQUEST_FIELDS);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("The kickstart request to " + request.path("url").asText() + " has "
                    + unknown + ", which is not a kickstart request field " + REQUEST_FIELDS);
        }
    }

    /** {@code body} without {@link #USAGE_DATA}, checked first; the body itself when it has none. */
    static JsonNode withoutUsageData(JsonNode body) {
        if (checkedUsageData(body.at(USAGE_DATA)).isMissingNode()) {
            return body;
        }
        JsonNode copy = body.deepCopy();
        ((ObjectNode) copy.at("/systemConfiguration")).remove("usageDataConfiguration");
        return copy;
    }

    /** {@code value} (missing is fine) when it is FusionAuth's documented form: an object of a boolean enabled. */
    private static JsonNode checkedUsageData(JsonNode value) {
        boolean documented = value.isMissingNode() || value.isObject() && value.size() == 1
                && value.path("enabled").isBoolean();
        if (!documented) {
            throw new IllegalStateException("The kickstart's systemConfiguration.usageDataConfiguration should be"
                    + " {\"enabled\": true or false}, as FusionAuth documents it, not " + value);
        }
        return value;
    }

    /** The API class FusionAuth reads a request's body into; a URL without one is refused, so it gets one. */
    static Class<?> requestClass(String url) {
        Map<String, Class<?>> byUrl = Map.of(
                "/api/key/generate/[^/]+", KeyRequest.class,
                "/api/tenant/[^/]+", TenantRequest.class,
                "/api/system-configuration", SystemConfigurationRequest.class,
                "/api/user/registration(/[^/]+)?", RegistrationRequest.class,
                "/api/application/[^/]+", ApplicationRequest.class);
        return byUrl.entrySet().stream()
                .filter(e -> url.matches(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No FusionAuth request class for kickstart URL "
                        + url));
    }
}

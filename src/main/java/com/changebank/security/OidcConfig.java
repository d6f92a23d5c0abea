package com.changebank.security;

import com.changebank.platform.openid.ProviderSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one place where ChangeBank's OpenID Connect settings live. The variable names are those of FusionAuth's
 * quickstarts; they come from the environment, system properties or a {@code .env} file.
 * Every provider endpoint comes from the provider's discovery document. Not a named bean: no expression reaches the
 * client secret. The login itself is defined in {@link OpenIdLogin}.
 */
@ApplicationScoped
public class OidcConfig implements ProviderSettings {

    public static final String ISSUER = "ISSUER";
    public static final String CLIENT_ID = "CLIENT_ID";
    public static final String CLIENT_SECRET = "CLIENT_SECRET";
    public static final String SCOPE = "SCOPE";
    public static final String CONNECT_TIMEOUT = "PROVIDER_CONNECT_TIMEOUT_MS";
    public static final String READ_TIMEOUT = "PROVIDER_READ_TIMEOUT_MS";
    public static final String APP_URL = "APP_URL";
    public static final String ALLOW_HTTP_ISSUER = "ALLOW_HTTP_ISSUER";
    public static final String ID_TOKEN_SIGNING_ALG = "ID_TOKEN_SIGNING_ALG";
    public static final String SESSION_LIFETIME = "SESSION_LIFETIME_SECONDS";
    public static final String SESSION_COOKIE_SAME_SITE = "SESSION_COOKIE_SAME_SITE";
    /** A token that expires within 10 s (the mechanism's default) is refreshed before it is used. */
    static final int TOKEN_MIN_VALIDITY_MILLIS = 10_000;
    /** 12 hours: ASVS 4.0.3, 3.3.2 (level 2) asks for a new authentication within 12 hours of activity. */
    static final int DEFAULT_SESSION_LIFETIME_SECONDS = 12 * 60 * 60;
    /** 30 days, FusionAuth's default refresh-token life: a longer session would outlive its refresh token. */
    private static final int MAX_SESSION_LIFETIME_SECONDS = 30 * 24 * 60 * 60;
    /** The algorithm of the kickstart's key and of the realm's: RSA with SHA-256. */
    static final String DEFAULT_ID_TOKEN_SIGNING_ALG = "RS256";
    /**
     * The asymmetric JWS algorithms of RFC 7518, 3.1: never {@code none}, and not HMAC, whose key would be the client
     * secret, which the mechanism is not given (see {@link OpenIdLogin}).
     */
    private static final Pattern SIGNING_ALGS = Pattern.compile("(RS|PS|ES)(256|384|512)");
    /**
     * A few seconds: a cold provider answers its first requests in about one, and a user facing a provider that
     * does not answer sees "Sign-in unavailable" before ten.
     */
    static final int DEFAULT_CONNECT_TIMEOUT_MS = 2000;
    static final int DEFAULT_READ_TIMEOUT_MS = 5000;
    private static final int MAX_TIMEOUT_MS = 60_000;
    /** {@code offline_access}: FusionAuth issues a refresh token only then. */
    public static final String DEFAULT_SCOPE = "openid email profile offline_access";

    /** Scope tokens as RFC 6749 (3.3) allows them, separated by single spaces. */
    private static final String SCOPE_TOKEN = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+";
    private static final Pattern SCOPE_TOKENS = Pattern.compile(SCOPE_TOKEN + "( " + SCOPE_TOKEN + ")*");

    private static final Logger LOG = Logger.getLogger(OidcConfig.class.getName());

    private String issuer;
    private String clientId;
    private String clientSecret;
    private String scope;
    private int connectTimeoutMillis;
    private int readTimeoutMillis;
    private Optional<URI> appUrl;
    private boolean httpIssuerAllowed;
    private String idTokenSigningAlg;
    private Duration sessionLifetime;
    private String sessionCookieSameSite;

    @PostConstruct
    void load() {
        Config config = ConfigProvider.getConfig();
        List<String> missing = Stream.of(ISSUER, CLIENT_ID, CLIENT_SECRET)
                .filter(name -> value(config, name).isEmpty())
                .toList();
        if (!missing.isEmpty()) {
            throw fail("missing configuration " + String.join(", ", missing) + ". Set "
                    + (missing.size() == 1 ? "it" : "each") + " as an environment variable, a system property (-D"
                    + missing.get(0) + "=...) or in a .env file in the working directory.");
        }
        issuer = value(config, ISSUER).map(OidcConfig::withoutTrailingSlash).orElseThrow();
        clientId = value(config, CLIENT_ID).orElseThrow();
        clientSecret = value(config, CLIENT_SECRET).orElseThrow();
        if (!isHttpUrl(issuer)) {
            throw fail("ISSUER must be an http(s) URL, such as http://localhost:9011, but is '" + issuer + "'.");
        }
        httpIssuerAllowed = flag(config, ALLOW_HTTP_ISSUER);
        if (!isAllowedEndpoint(issuer, httpIssuerAllowed)) {
            throw fail("ISSUER must be an https:// URL, but is '" + issuer + "': over plain http the client secret,"
                    + " the codes and the tokens cross the network in clear. Only a provider on this machine"
                    + " (localhost) may use http, unless " + ALLOW_HTTP_ISSUER + "=true says the network is trusted.");
        }
        appUrl = value(config, APP_URL).map(OidcConfig::origin);
        idTokenSigningAlg = value(config, ID_TOKEN_SIGNING_ALG).orElse(DEFAULT_ID_TOKEN_SIGNING_ALG);
        if (!SIGNING_ALGS.matcher(idTokenSigningAlg).matches()) {
            throw fail(ID_TOKEN_SIGNING_ALG + " must be the JWS algorithm the provider signs ID tokens with, such as "
                    + DEFAULT_ID_TOKEN_SIGNING_ALG + " (RS, PS or ES with 256, 384 or 512; an HMAC key, HS, would be"
                    + " the client secret, which the login does not hand to the mechanism), but is '"
                    + idTokenSigningAlg + "'.");
        }
        scope = value(config, SCOPE).map(OidcConfig::normalizedScope).orElse(DEFAULT_SCOPE);
        if (!isValidScope(scope)) {
            throw fail("SCOPE must be scope names separated by spaces, openid among them, such as '" + DEFAULT_SCOPE
                    + "', but is '" + scope + "'.");
        }
        connectTimeoutMillis = millis(config, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT_MS);
        readTimeoutMillis = millis(config, READ_TIMEOUT, DEFAULT_READ_TIMEOUT_MS);
        sessionLifetime = Duration.ofSeconds(seconds(config, SESSION_LIFETIME, DEFAULT_SESSION_LIFETIME_SECONDS,
                MAX_SESSION_LIFETIME_SECONDS));
        sessionCookieSameSite = sameSite(value(config, SESSION_COOKIE_SAME_SITE).orElse("Lax"), appUrl);
        LOG.info(() -> "ChangeBank logs in with OpenID provider " + issuer + " as client " + clientId
                + ", scope " + scope + ", ID tokens signed " + idTokenSigningAlg + "; users reach it at "
                + appUrl.map(URI::toString).orElse("the address of each request") + "; a login lasts "
                + sessionLifetime.toSeconds() + " s at most; session cookie SameSite=" + sessionCookieSameSite);
        if (sessionCookieSameSite.equals("Lax") && appUrl.isPresent()
                && !URI.create(issuer).getHost().equals(appUrl.get().getHost())) {
            LOG.info(() -> "The provider is on another host than APP_URL: if it is another site (FusionAuth Cloud),"
                    + " its logout page cannot end ChangeBank's session unless " + SESSION_COOKIE_SAME_SITE
                    + "=None (docs/security.md)");
        }
    }

    /**
     * {@code Lax}, or {@code None} for a provider on another site, whose logout page's frame must carry the session
     * cookie; browsers take {@code None} only on a {@code Secure} cookie, so only with an https {@code APP_URL}.
     */
    static String sameSite(String text, Optional<URI> appUrl) {
        if (text.equals("Lax")) {
            return text;
        }
        if (text.equals("None") && isHttps(appUrl)) {
            return text;
        }
        throw fail(SESSION_COOKIE_SAME_SITE + " must be Lax, or None with an https:// APP_URL (browsers drop a"
                + " SameSite=None cookie that is not Secure), but is '" + text + "'"
                + (appUrl.isEmpty() ? " and APP_URL is not set." : " with APP_URL " + appUrl.get() + "."));
    }

    private static boolean isHttps(Optional<URI> appUrl) {
        return appUrl.filter(url -> "https".equals(url.getScheme())).isPresent();
    }

    /** One line a reader finds in the server's log, above the stack trace that stops the deployment. */
    private static IllegalStateException fail(String problem) {
        String message = "ChangeBank cannot start: " + problem;
        LOG.severe(message);
        return new IllegalStateException(message);
    }

    /** Observing the start creates this bean, so missing configuration stops the start, not the first login. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
    }

    @Override
    public String getIssuer() {
        return issuer;
    }

    @Override
    public String getDiscoveryUri() {
        return issuer + "/.well-known/openid-configuration";
    }

    @Override
    public String getClientId() {
        return clientId;
    }

    @Override
    public String getClientSecret() {
        return clientSecret;
    }

    @Override
    public String getScope() {
        return scope;
    }

    @Override
    public String getScopeSetting() {
        return SCOPE;
    }

    @Override
    public Optional<URI> getAppUrl() {
        return appUrl;
    }

    /** The address of the application's root, {@code APP_URL}'s origin if set, else the request's. */
    public String baseUrl(HttpServletRequest request) {
        return appUrl.map(URI::toString).orElseGet(() -> request.getRequestURL().substring(0,
                request.getRequestURL().length() - request.getRequestURI().length())) + request.getContextPath();
    }

    /** True where {@code APP_URL} says users reach ChangeBank over https. */
    public boolean hasHttpsAppUrl() {
        return isHttps(appUrl);
    }

    /** True where the browser reaches ChangeBank over https, whatever the connection from a proxy is. */
    public boolean isSecure(HttpServletRequest request) {
        return appUrl.map(url -> "https".equals(url.getScheme())).orElseGet(request::isSecure);
    }

    @Override
    public String getIdTokenSigningAlgorithm() {
        return idTokenSigningAlg;
    }

    /**
     * Whether ChangeBank may talk to the provider at {@code url}: over https, or over http on this machine (loopback)
     * or where {@code ALLOW_HTTP_ISSUER} allows it.
     */
    @Override
    public boolean isAllowedEndpoint(String url) {
        return isAllowedEndpoint(url, httpIssuerAllowed);
    }

    static boolean isAllowedEndpoint(String url, boolean httpAllowed) {
        try {
            URI uri = new URI(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null
                    || "http".equals(uri.getScheme()) && (httpAllowed || isLoopback(uri.getHost()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** How long a login lasts at most, however active its user: then the next page starts a new login. */
    public Duration getSessionLifetime() {
        return sessionLifetime;
    }

    /** The session cookie's {@code SameSite}: {@code Lax}, or {@code None} for a provider on another site. */
    public String getSessionCookieSameSite() {
        return sessionCookieSameSite;
    }

    public int getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public int getReadTimeoutMillis() {
        return readTimeoutMillis;
    }

    @Override
    public Duration getTokenMinValidity() {
        return Duration.ofMillis(TOKEN_MIN_VALIDITY_MILLIS);
    }

    @Override
    public Duration getConnectTimeout() {
        return Duration.ofMillis(connectTimeoutMillis);
    }

    @Override
    public Duration getReadTimeout() {
        return Duration.ofMillis(readTimeoutMillis);
    }

    static boolean isValidScope(String scope) {
        return SCOPE_TOKENS.matcher(scope).matches() && List.of(scope.split(" ")).contains("openid");
    }

    private static String normalizedScope(String scope) {
        return String.join(" ", scope.split("\\s+"));
    }

    private static int millis(Config config, String name, int defaultMillis) {
        String text = value(config, name).orElse(Integer.toString(defaultMillis));
        int millis = text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : 0;
        if (millis >= 1 && millis <= MAX_TIMEOUT_MS) {
            return millis;
        }
        throw fail(name + " must be milliseconds from 1 to " + MAX_TIMEOUT_MS + ", such as " + defaultMillis
                + ", but is '" + text + "'.");
    }

    private static int seconds(Config config, String name, int defaultSeconds, int maxSeconds) {
        String text = value(config, name).orElse(Integer.toString(defaultSeconds));
        int seconds = text.matches("[0-9]{1,7}") ? Integer.parseInt(text) : 0;
        if (seconds >= 1 && seconds <= maxSeconds) {
            return seconds;
        }
        throw fail(name + " must be seconds from 1 to " + maxSeconds + ", such as " + defaultSeconds
                + ", but is '" + text + "'.");
    }

    private static boolean flag(Config config, String name) {
        String text = value(config, name).orElse("false");
        if (!text.equals("true") && !text.equals("false")) {
            throw fail(name + " must be true or false, but is '" + text + "'.");
        }
        return Boolean.parseBoolean(text);
    }

    /** {@code APP_URL}: an origin, {@code scheme://host[:port]}, with nothing after it but an optional slash. */
    static URI origin(String text) {
        try {
            URI uri = new URI(withoutTrailingSlash(text));
            if (isHttpUrl(text) && uri.getRawUserInfo() == null && uri.getRawPath().isEmpty()
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        throw fail(APP_URL + " must be the address users reach ChangeBank at, scheme, host and port only, such as"
                + " https://bank.example.com, but is '" + text + "'.");
    }

    /** localhost, 127.0.0.0/8 or ::1, by name only: nothing is looked up. */
    static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.matches("127(\\.[0-9]{1,3}){3}")
                || host.equals("[::1]"));
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

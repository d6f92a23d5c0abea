package com.changebank.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * An HTTP client that behaves like a browser where the tests need it: it keeps cookies, follows redirects one by one
 * (remembering them), and fills in and submits HTML forms.
 */
public final class Browser implements AutoCloseable {

    private static final int MAX_REDIRECTS = 10;

    private final Cookies cookies = new Cookies();
    private final HttpClient http;
    private final BiConsumer<URI, Duration> timing;

    public Browser() {
        this(HttpClient.Version.HTTP_2, (uri, time) -> { });
    }

    /** A browser that tells {@code timing} how long each request took, for the benchmark. */
    public Browser(BiConsumer<URI, Duration> timing) {
        this(HttpClient.Version.HTTP_2, timing);
    }

    /** A browser that trusts what {@code tls} trusts: a test's own certificate (see {@link TlsProxy#trustingIt}). */
    public Browser(SSLContext tls) {
        this(HttpClient.Version.HTTP_2, (uri, time) -> { }, tls);
    }

    private Browser(HttpClient.Version version, BiConsumer<URI, Duration> timing) {
        this(version, timing, null);
    }

    private Browser(HttpClient.Version version, BiConsumer<URI, Duration> timing, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (tls != null) {
            builder.sslContext(tls);
        }
        http = builder
                .version(version)
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.timing = timing;
    }

    /**
     * A browser that speaks HTTP/1.1 over plain http, as browsers do: they speak HTTP/2 only over TLS. Java's client
     * would ask the server to upgrade each connection to HTTP/2 without TLS (h2c).
     */
    public static Browser http11() {
        return new Browser(HttpClient.Version.HTTP_1_1, (uri, time) -> { });
    }

    /** What the browser shows after the last redirect, and the addresses it went through on the way. */
    public record Page(URI uri, int status, String body, List<URI> redirects, HttpHeaders headers) {

        public Document document() {
            return Jsoup.parse(body, uri.toString());
        }

        public FormElement form(String cssQuery) {
            Element form = document().selectFirst(cssQuery);
            if (!(form instanceof FormElement)) {
                throw new AssertionError("No form '" + cssQuery + "' on " + uri + ":\n" + body);
            }
            return (FormElement) form;
        }
    }

    /** One request, no redirect followed: the redirect's target is in the {@code Location} header. */
    public Page step(String url) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        return new Page(response.uri(), response.statusCode(), response.body(), List.of(), response.headers());
    }

    /** A form's POST, no redirect followed: the redirect's target is in the {@code Location} header. */
    public Page stepPost(String url, Map<String, String> fields) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(fields))));
        return new Page(response.uri(), response.statusCode(), response.body(), List.of(), response.headers());
    }

    public Page get(String url) {
        return follow(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** A GET with these headers on the first request, as a browser's fetch metadata ({@code Sec-Fetch-*}). */
    public Page get(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        return follow(request);
    }

    /** Submits a form with its own fields (hidden ones included), some of them replaced by {@code values}. */
    public Page submit(FormElement form, Map<String, String> values) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.formData().forEach(field -> fields.put(field.key(), field.value()));
        fields.putAll(values);
        String action = form.absUrl("action");
        return post(action.isEmpty() ? form.ownerDocument().location() : action, fields);
    }

    public Page post(String url, Map<String, String> fields) {
        return post(url, "application/x-www-form-urlencoded", formBody(fields));
    }

    private static String formBody(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** A POST of any body, as a hostile client sends it. */
    public Page post(String url, String contentType, String body) {
        return follow(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page follow(HttpRequest.Builder request) {
        List<URI> redirects = new ArrayList<>();
        HttpResponse<String> response = send(request);
        while (isRedirect(response.statusCode())) {
            if (redirects.size() == MAX_REDIRECTS) {
                throw new AssertionError("Too many redirects: " + redirects);
            }
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            redirects.add(next);
            response = send(HttpRequest.newBuilder(next).GET());
        }
        return new Page(response.uri(), response.statusCode(), response.body(), List.copyOf(redirects),
                response.headers());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpRequest sent = request.timeout(Duration.ofSeconds(30)).build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(sent, HttpResponse.BodyHandlers.ofString());
            timing.accept(sent.uri(), Duration.ofNanos(System.nanoTime() - start));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The parameters of a URL's query. */
    public static Map<String, String> query(URI uri) {
        return decodeForm(uri.getRawQuery());
    }

    /** Decodes {@code a=1&b=2} (a query or a form body); the first of repeated names wins. */
    public static Map<String, String> decodeForm(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            for (String pair : encoded.split("&")) {
                String[] parts = pair.split("=", 2);
                values.putIfAbsent(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
            }
        }
        return values;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Closes the browser's connections now, rather than when the client's keep-alive time (30 s) is up or the garbage
     * collector takes the client: what a server holds for its connections then depends on neither.
     */
    @Override
    public void close() {
        // HttpClient is AutoCloseable since Java 21, which the build runs on; the tests compile for Java 17.
        try {
            ((AutoCloseable) http).close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of a cookie the browser holds for {@code host}, or null. */
    public String cookie(String host, String name) {
        return cookies.jar.stream()
                .filter(c -> c.getDomain().equals(host) && c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** The {@code Cookie} header the browser sends to {@code url}: to replay it from elsewhere. */
    public String cookieHeader(String url) {
        return cookies.get(URI.create(url), Map.of()).getOrDefault("Cookie", List.of("")).get(0);
    }

    /**
     * A cookie jar by host and path. Like browsers, it sends {@code Secure} cookies to http://localhost, which
     * Keycloak sets even over plain HTTP; {@code java.net.CookieManager} would not, and the login would fail.
     */
    private static final class Cookies extends CookieHandler {

        private final List<HttpCookie> jar = new ArrayList<>();

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            jar.removeIf(HttpCookie::hasExpired);
            String path = uri.getPath().isEmpty() ? "/" : uri.getPath();
            String header = jar.stream()
                    .filter(c -> c.getDomain().equals(uri.getHost()) && path.startsWith(c.getPath()))
                    .map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
            return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
        }

        @Override
        public synchronized void put(URI uri, Map<String, List<String>> headers) {
            headers.getOrDefault("Set-Cookie", List.of()).stream()
                    .flatMap(header -> HttpCookie.parse(header).stream())
                    .forEach(cookie -> {
                        cookie.setDomain(uri.getHost());
                        if (cookie.getPath() == null) {
                            cookie.setPath("/");
                        }
                        jar.removeIf(c -> c.getDomain().equals(cookie.getDomain())
                                && c.getPath().equals(cookie.getPath()) && c.getName().equals(cookie.getName()));
                        if (!cookie.hasExpired()) {
                            jar.add(cookie);
                        }
                    });
        }
    }
}

package com.changebank.platform.openid;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Every call ChangeBank makes to the provider but the keys' (which the mechanism fetches with its own time-outs, set
 * from the same configuration): discovery, token, refresh, userinfo and, at logout, revocation. Each is bounded
 * twice: the connection by the connect time-out, the whole answer by the read time-out, after which the request is
 * cancelled. A provider that cannot be reached, is too slow, answers more than a megabyte or something that is not
 * JSON (a proxy's HTML error page) fails with an {@link UncheckedIOException}, which the login shows as "Sign-in
 * unavailable". One client for the application: its connections to the provider are reused, and it holds one
 * selector thread, however many logins there are.
 */
@ApplicationScoped
public class ProviderClient {

    @Inject
    private ProviderSettings config;

    /** A megabyte: a discovery document or a token answer is a few kilobytes. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private HttpClient http;
    private Duration readTimeout;
    /** Discovery documents, kept once read as the mechanism keeps them; a failure is not kept. */
    private final Map<String, JsonObject> documents = new ConcurrentHashMap<>();

    /** What the provider answered. */
    public record Answer(int status, String contentType, String body) {

        /** The body, a JSON object whatever the status: OAuth errors are JSON too. Anything else is an outage. */
        public JsonObject json(String what) {
            if (contentType.toLowerCase(Locale.ROOT).contains("json")) {
                try (JsonReader reader = Json.createReader(new StringReader(body))) {
                    return reader.readObject();
                } catch (JsonException | IllegalStateException notAnObject) {
                    // Reported below, without the body: it may hold anything.
                }
            }
            throw new UncheckedIOException(new IOException(
                    what + " answered HTTP " + status + " " + contentType + ", not a JSON object"));
        }
    }

    @PostConstruct
    void start() {
        readTimeout = config.getReadTimeout();
        http = HttpClient.newBuilder().connectTimeout(config.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The discovery document at {@code uri}, as first read. */
    public JsonObject discovery(String uri) {
        JsonObject known = documents.get(uri);
        return known != null ? known : fetchDiscovery(uri);
    }

    /**
     * The discovery document at {@code uri}, asked anew and kept. It must be the one of the configured issuer, with
     * every endpoint on a transport the settings allow: a document that names another issuer (OpenID Connect Discovery
     * 1.0, section 4.3, requires them to be equal) or sends the codes over plain http is an outage, and no login
     * starts.
     */
    public JsonObject fetchDiscovery(String uri) {
        Answer answer = get(uri, null);
        if (answer.status() != 200) {
            throw new UncheckedIOException(new IOException("The discovery document answered HTTP " + answer.status()));
        }
        JsonObject document = answer.json("The discovery document");
        String issuer = document.get("issuer") instanceof JsonString named ? named.getString() : "";
        if (!issuer.replaceAll("/+$", "").equals(config.getIssuer())) {
            throw untrusted("names the issuer '" + issuer + "', not ISSUER '" + config.getIssuer() + "'");
        }
        document.forEach((name, value) -> {
            if ((name.endsWith("_endpoint") || name.equals("jwks_uri")) && !(value instanceof JsonString endpoint
                    && config.isAllowedEndpoint(endpoint.getString()))) {
                throw untrusted("has " + name + " " + value + ", which is not https");
            }
        });
        documents.put(uri, document);
        return document;
    }

    private UncheckedIOException untrusted(String problem) {
        return new UncheckedIOException(new IOException("The discovery document of " + config.getIssuer() + " "
                + problem + ": no login starts"));
    }

    /** The endpoint {@code name} of ChangeBank's provider, from its discovery document. */
    public String endpoint(String name) {
        String endpoint = discovery(config.getDiscoveryUri()).getString(name, "");
        if (endpoint.isEmpty()) {
            throw new IllegalStateException("The provider's discovery document has no " + name);
        }
        return endpoint;
    }

    public Answer get(String uri, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).header("Accept", "application/json");
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(request.GET().build());
    }

    public Answer post(String uri, Map<String, String> form) {
        return send(withForm(uri, "POST", form).build());
    }

    /** A {@code DELETE} with a form body, authenticated by the user's own access token. */
    public Answer delete(String uri, Map<String, String> form, String bearerToken) {
        return send(withForm(uri, "DELETE", form).header("Authorization", "Bearer " + bearerToken).build());
    }

    private static HttpRequest.Builder withForm(String uri, String method, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(uri)).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private Answer send(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, info -> new Bounded());
        try {
            HttpResponse<String> response = answer.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new UncheckedIOException(new HttpTimeoutException(request.method() + " " + request.uri().getPath()
                    + " at the provider did not answer within " + readTimeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new UncheckedIOException(new InterruptedIOException("interrupted while calling the provider"));
        }
    }

    /**
     * An answer's body, read as UTF-8 (JSON's, RFC 8259) up to {@value #MAX_ANSWER_BYTES} bytes: a larger one is a
     * provider error, and the rest is never read into memory.
     */
    private static final class Bounded implements HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_ANSWER_BYTES) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("The provider's answer is larger than "
                            + MAX_ANSWER_BYTES + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

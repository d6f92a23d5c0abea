package com.changebank.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the OpenID provider's discovery document answers: without it nobody can log in. Liveness has
 * no such check, so a provider outage never gets ChangeBank restarted.
 */
@Readiness
@ApplicationScoped
public class ProviderReadinessCheck implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Inject
    private OidcConfig config;

    @Override
    public HealthCheckResponse call() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.getDiscoveryUri())).timeout(TIMEOUT).build();
        String problem;
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            problem = status == 200 ? null : "HTTP " + status;
        } catch (IOException e) {
            problem = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        return HealthCheckResponse.named("openid-provider")
                .withData("discovery", config.getDiscoveryUri())
                .withData("error", problem == null ? "none" : problem)
                .status(problem == null)
                .build();
    }
}

package com.changebank.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
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
        Optional<String> problem = problem();
        return HealthCheckResponse.named("openid-provider")
                .withData("discovery", config.getDiscoveryUri())
                .withData("error", problem.orElse("none"))
                .status(problem.isEmpty())
                .build();
    }

    /** Why the discovery document cannot be had now, if it cannot. */
    public Optional<String> problem() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.getDiscoveryUri())).timeout(TIMEOUT).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? Optional.empty() : Optional.of("HTTP " + status);
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}

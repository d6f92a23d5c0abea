package com.changebank.security;

import com.changebank.platform.openid.ProviderClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.logging.Logger;
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

    private static final Logger LOG = Logger.getLogger(ProviderReadinessCheck.class.getName());

    @Inject
    private OidcConfig config;

    @Inject
    private ProviderClient provider;

    @Override
    public HealthCheckResponse call() {
        Optional<String> problem = problem();
        return HealthCheckResponse.named("openid-provider")
                .withData("discovery", config.getDiscoveryUri())
                .withData("error", problem.orElse("none"))
                .status(problem.isEmpty())
                .build();
    }

    /** Why the discovery document cannot be had now, if it cannot: asked each time, within the time-outs. */
    public Optional<String> problem() {
        try {
            provider.fetchDiscovery(config.getDiscoveryUri());
            return Optional.empty();
        } catch (UncheckedIOException e) {
            LOG.warning(() -> "The OpenID provider is not ready: " + e.getCause().getMessage());
            return Optional.of(e.getCause().getClass().getSimpleName());
        }
    }
}

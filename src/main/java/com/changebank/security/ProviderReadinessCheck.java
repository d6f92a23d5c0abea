package com.changebank.security;

import com.changebank.platform.openid.ProviderClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the OpenID provider's discovery document answers: without it nobody can log in. Liveness has
 * no such check, so a provider outage never gets ChangeBank restarted.
 * <p>
 * Anyone can click {@code /login}, so the answer is shared: one request to the provider at a time, whose answer
 * every caller that came meanwhile takes, and an "up" is remembered for {@link #UP_REMEMBERED}. Without that, a
 * burst of clicks (or of readiness probes) is a burst at the provider, each holding a thread up to the time-outs
 * when it is slow. 3 s is far shorter than a user's way to the provider's form and back, and an outage shows within
 * it. A failure is not remembered beyond the callers that waited for it: once the provider is back, the next click
 * works.
 */
@Readiness
@ApplicationScoped
public class ProviderReadinessCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ProviderReadinessCheck.class.getName());

    /** How long a discovery document that answered counts as "up" without asking again. */
    public static final Duration UP_REMEMBERED = Duration.ofSeconds(3);

    @Inject
    private OidcConfig config;

    @Inject
    private ProviderClient provider;

    /** The request to the provider under way, if any; guarded by {@code this}, as are the two fields below. */
    private CompletableFuture<Optional<String>> asking;
    private boolean up;
    private long upSince;

    @Override
    public HealthCheckResponse call() {
        Optional<String> problem = problem();
        return HealthCheckResponse.named("openid-provider")
                .withData("discovery", config.getDiscoveryUri())
                .withData("error", problem.orElse("none"))
                .status(problem.isEmpty())
                .build();
    }

    /** Why the discovery document cannot be had now, if it cannot: see the class comment for how often it is asked. */
    public Optional<String> problem() {
        CompletableFuture<Optional<String>> answer;
        boolean mine;
        synchronized (this) {
            if (up && System.nanoTime() - upSince < UP_REMEMBERED.toNanos()) {
                return Optional.empty();
            }
            mine = asking == null;
            if (mine) {
                asking = new CompletableFuture<>();
            }
            answer = asking;
        }
        if (mine) {
            // Outside the lock: the callers that come meanwhile wait for this answer, not for the lock.
            try {
                answer.complete(discoveryProblem());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
            remember(answer);
        }
        return answer.join();
    }

    private synchronized void remember(CompletableFuture<Optional<String>> answer) {
        asking = null;
        up = !answer.isCompletedExceptionally() && answer.join().isEmpty();
        upSince = System.nanoTime();
    }

    /** One request for the discovery document, within the time-outs. */
    private Optional<String> discoveryProblem() {
        try {
            provider.fetchDiscovery(config.getDiscoveryUri());
            return Optional.empty();
        } catch (UncheckedIOException e) {
            LOG.warning(() -> "The OpenID provider is not ready: " + e.getCause().getMessage());
            return Optional.of(e.getCause().getClass().getSimpleName());
        }
    }
}

package io.netmaker.agent.election;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.netmaker.concurrent.DaemonThreads;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fast failover: when the child exits while the Lease still names the identity bound to that child, clears its
 * holder so that a standby takes over within its retry period instead of waiting out the lease duration. The update
 * carries the resourceVersion of the Lease it checked, so the API server refuses it (409) if anyone wrote the Lease
 * in between; on a conflict the Lease is read again and released only if it still names that identity. It never
 * clears another holder, and a release that timed out stops before its next request.
 */
public final class LeaseReleaser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseReleaser.class);
    private static final int MAX_ATTEMPTS = 5;

    /** What one release did. */
    public enum Outcome { RELEASED, NOT_HOLDER, NO_IDENTITY, ABSENT, NO_CLIENT, FAILED, TIMED_OUT }

    private final Supplier<KubernetesClient> client;
    private final Supplier<Lease> cached;
    private final LeaderSettings settings;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ExecutorService executor = DaemonThreads.single("lease-release");

    /**
     * @param client the client once created, or null before (then there is nothing to release with)
     * @param cached the informer's copy of the Lease, tried first to save a read; null when none
     */
    public LeaseReleaser(Supplier<KubernetesClient> client, Supplier<Lease> cached, LeaderSettings settings,
                         MeterRegistry registry, Clock clock) {
        this.client = client;
        this.cached = cached;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Releases the Lease if it names {@code identity} (the identity bound to the child that exited); waits at most
     * the release timeout. A release that timed out never writes afterwards: it stops before its next request.
     */
    public Outcome release(String identity, String why) {
        if (identity == null) {
            LOG.debug("lease release skipped, no identity bound lease={} why={}", settings.leaseName(), why);
            return count(Outcome.NO_IDENTITY);
        }
        KubernetesClient c;
        try {
            c = client.get();
        } catch (RuntimeException e) {
            LOG.warn("lease not released, no client lease={} reason={}", settings.leaseName(), e.toString());
            return Outcome.NO_CLIENT;
        }
        if (c == null) {
            return Outcome.NO_CLIENT;
        }
        long started = System.nanoTime();
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<Outcome> attempt = executor.submit(() -> releaseNow(c, identity, abandoned));
        Outcome outcome;
        try {
            outcome = attempt.get(settings.releaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            attempt.cancel(true);
            outcome = Outcome.TIMED_OUT;
        } catch (ExecutionException e) {
            LOG.warn("lease release failed lease={} reason={}", settings.leaseName(), e.getCause().toString());
            outcome = Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned.set(true);
            attempt.cancel(true);
            outcome = Outcome.FAILED;
        }
        count(outcome);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (outcome == Outcome.RELEASED) {
            LOG.info("lease released lease={} why={} tookMs={}", settings.leaseName(), why, millis);
        } else if (outcome == Outcome.TIMED_OUT || outcome == Outcome.FAILED) {
            LOG.warn("lease not released lease={} why={} outcome={} tookMs={}", settings.leaseName(), why, outcome, millis);
        } else {
            LOG.debug("lease release skipped lease={} why={} outcome={}", settings.leaseName(), why, outcome);
        }
        return outcome;
    }

    private Outcome count(Outcome outcome) {
        io.micrometer.core.instrument.Counter.builder("netmaker_agent_lease_releases")
                .description("Lease releases on the child's exit, by outcome").tags("lease", settings.leaseName(),
                        "outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
        return outcome;
    }

    private Outcome releaseNow(KubernetesClient c, String identity, AtomicBoolean abandoned) {
        var leases = c.leases().inNamespace(settings.namespace());
        Lease candidate = cached.get();
        if (candidate == null || !identity.equals(LeaseWatch.holder(candidate))) {
            candidate = leases.withName(settings.leaseName()).get();
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (abandoned.get() || Thread.currentThread().isInterrupted()) {
                return Outcome.TIMED_OUT;
            }
            if (candidate == null) {
                return Outcome.ABSENT;
            }
            if (!identity.equals(LeaseWatch.holder(candidate))) {
                return Outcome.NOT_HOLDER;
            }
            try {
                leases.resource(cleared(candidate)).update();
                return Outcome.RELEASED;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                LOG.debug("lease changed since read, reading again lease={} attempt={}", settings.leaseName(), attempt);
                candidate = leases.withName(settings.leaseName()).get();
            }
        }
        return Outcome.FAILED;
    }

    /** The Lease as client-go's release writes it: no holder, 1 s duration, renewed now; same resourceVersion. */
    private Lease cleared(Lease lease) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        return new LeaseBuilder(lease).editSpec()
                .withHolderIdentity(null)
                .withLeaseDurationSeconds(1)
                .withRenewTime(now)
                .withAcquireTime(now)
                .endSpec().build();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package io.netmaker.agent.election;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.status.StatusSection;
import io.netmaker.agent.kubernetes.ObjectWatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the leader-election Lease with an informer and tells whether this replica's child holds it. Exports
 * {@code netmaker_agent_leader{lease}} (1/0, NaN while unknown), {@code netmaker_agent_leader_state_known} (1/0),
 * {@code netmaker_agent_leader_transitions_total} (holder changes seen) and
 * {@code netmaker_agent_lease_renew_age_seconds}, and the {@code leader} section of {@code /status}.
 */
public final class LeaseWatch implements StatusSection, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseWatch.class);

    private final LeaderSettings settings;
    private final ChildIdentity identity;
    private final Clock clock;
    private final Counter transitions;
    private final ObjectWatch<Lease> watch;
    private final Object lock = new Object();
    private boolean seenOnce;
    private String lastHolder;
    private final Runnable holderChanged;

    public LeaseWatch(LeaderSettings settings, ChildIdentity identity, MeterRegistry registry, Clock clock) {
        this(settings, identity, registry, clock, () -> { });
    }

    /** @param holderChanged runs on every holder change (not on renewals), on the informer's thread; must not block */
    public LeaseWatch(LeaderSettings settings, ChildIdentity identity, MeterRegistry registry, Clock clock,
            Runnable holderChanged) {
        this.settings = settings;
        this.holderChanged = holderChanged;
        this.identity = identity;
        this.clock = clock;
        this.watch = new ObjectWatch<>("lease=" + settings.namespace() + "/" + settings.leaseName(), this::observe);
        String lease = settings.leaseName();
        Gauge.builder("netmaker_agent_leader", this, LeaseWatch::leaderValue).tag("lease", lease)
                .description("1 when this replica's child holds the Lease, 0 when not, NaN while unknown")
                .strongReference(true).register(registry);
        Gauge.builder("netmaker_agent_leader_state_known", this, w -> w.known() ? 1 : 0).tag("lease", lease)
                .description("1 while the Lease is watched live, 0 while the API server is unreachable or forbidden")
                .strongReference(true).register(registry);
        Gauge.builder("netmaker_agent_lease_renew_age_seconds", this, LeaseWatch::renewAgeValue).tag("lease", lease)
                .description("now minus the Lease's renewTime; grows when no leader renews")
                .strongReference(true).register(registry);
        transitions = Counter.builder("netmaker_agent_leader_transitions").tag("lease", lease)
                .description("changes of the Lease holder seen by this agent").register(registry);
    }

    /** Starts the informer (non-blocking). */
    public void start(KubernetesClient client) {
        watch.start(client.leases().inNamespace(settings.namespace()).withName(settings.leaseName()));
    }

    private void observe(Lease lease) {
        String holder = holder(lease);
        identity.leaseObserved(lease);
        boolean changed;
        synchronized (lock) {
            changed = !seenOnce || !Objects.equals(holder, lastHolder);
            if (seenOnce && changed) {
                transitions.increment();
                LOG.info("lease holder changed lease={} holder={} state={}", settings.leaseName(), holder,
                        identity.stateFor(holder));
            }
            seenOnce = true;
            lastHolder = holder;
        }
        if (changed) {
            holderChanged.run();
        }
    }

    /** The cached Lease (null when absent or never listed), for the releaser's first attempt. */
    public Lease cached() {
        return watch.current();
    }

    public boolean known() {
        return watch.known();
    }

    /** Whether this replica's child holds the Lease, by the last known state. */
    public boolean leading() {
        return state() == LeaderState.LEADING;
    }

    /** Leading, standby, or unknown (the watch is not live, or the child's identity is not known). */
    public LeaderState state() {
        return known() ? identity.stateFor(holder(watch.current())) : LeaderState.UNKNOWN;
    }

    /** A non-empty holder other than this replica that renewed within the lease duration. */
    public boolean liveLeaderElsewhere() {
        Lease lease = watch.current();
        String holder = holder(lease);
        if (holder == null || identity.stateFor(holder) != LeaderState.STANDBY) {
            return false;
        }
        Instant renewed = renewTime(lease);
        return renewed != null && Duration.between(renewed, clock.instant()).compareTo(leaseDuration(lease)) < 0;
    }

    /** The HTTP code of the current watch failure (403: missing RBAC), or 0. */
    public int failureCode() {
        return watch.failureCode();
    }

    private double leaderValue() {
        return switch (state()) {
            case LEADING -> 1;
            case STANDBY -> 0;
            case UNKNOWN -> Double.NaN;
        };
    }

    private double renewAgeValue() {
        Instant renewed = renewTime(watch.current());
        if (!known() || renewed == null) {
            return Double.NaN;
        }
        return Duration.between(renewed, clock.instant()).toMillis() / 1000.0;
    }

    @Override
    public String name() {
        return "leader";
    }

    @Override
    public Object snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lease", settings.namespace() + "/" + settings.leaseName());
        out.put("readinessPolicy", EnvReader.configName(settings.readinessPolicy()));
        boolean known = known();
        out.put("state", state().name().toLowerCase(java.util.Locale.ROOT));
        Lease lease = watch.current();
        out.put("holder", holder(lease));
        Instant renewed = renewTime(lease);
        out.put("renewTime", renewed == null ? null : renewed.toString());
        out.put("renewAgeSeconds", renewed == null ? null : Duration.between(renewed, clock.instant()).toMillis() / 1000.0);
        out.put("liveLeaderElsewhere", liveLeaderElsewhere());
        out.putAll(identity.view());
        if (!known) {
            out.put("reason", failureCode() == 403
                    ? "forbidden: the service account cannot get/list/watch leases"
                    : "the API server is unreachable or the watch is not synced yet");
        }
        return out;
    }

    @Override
    public void close() {
        watch.close();
    }

    static String holder(Lease lease) {
        if (lease == null || lease.getSpec() == null) {
            return null;
        }
        String holder = lease.getSpec().getHolderIdentity();
        return holder == null || holder.isEmpty() ? null : holder;
    }

    static Instant renewTime(Lease lease) {
        if (lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
            return null;
        }
        return lease.getSpec().getRenewTime().toInstant();
    }

    private Duration leaseDuration(Lease lease) {
        Integer seconds = lease == null || lease.getSpec() == null ? null : lease.getSpec().getLeaseDurationSeconds();
        return seconds == null || seconds <= 0 ? settings.defaultLeaseDuration() : Duration.ofSeconds(seconds);
    }
}

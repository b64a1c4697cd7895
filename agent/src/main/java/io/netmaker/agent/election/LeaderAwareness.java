package io.netmaker.agent.election;

import io.micrometer.core.instrument.MeterRegistry;
import io.netmaker.agent.child.ChildControl;
import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.child.ExitCause;
import io.netmaker.agent.kubernetes.Cluster;
import io.netmaker.agent.status.StatusSection;
import io.netmaker.healthz.Checker;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's leader part, whole: the Lease watch, the child's identity, the fast release on child exit and at
 * shutdown, and the readiness policy, built together from their settings. When election is off it is a part that
 * reports itself off ({@link #off}). The assembly subscribes it to the child's events, shows its {@link #status()},
 * adds its {@link #readiness()}, lets the sidecar part read {@link #leading()} and {@link #close() closes} it.
 */
public final class LeaderAwareness implements ChildListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderAwareness.class);
    /** How often the child's leader status is read while the identity is learned from it. */
    static final Duration REPORT_PERIOD = Duration.ofMillis(500);

    private final LeaderSettings settings;
    private final Cluster cluster;
    private final ChildIdentity identity;
    private final ReportedIdentity reported; // null when the identity is POD_NAME
    private final LeaseWatch leaseWatch;
    private final LeaseReleaser releaser;
    private final StatusSection status;
    private final StandbyHold standbyHold; // null when off
    /** The last child's exit already ran its (bounded) release: the shutdown does not run a second one. */
    private volatile boolean releasedOnExit;

    private LeaderAwareness(LeaderSettings settings, Cluster cluster, ChildIdentity identity,
            ReportedIdentity reported, LeaseWatch leaseWatch, LeaseReleaser releaser, StatusSection status,
            StandbyHold standbyHold) {
        this.settings = settings;
        this.standbyHold = standbyHold;
        this.cluster = cluster;
        this.identity = identity;
        this.reported = reported;
        this.leaseWatch = leaseWatch;
        this.releaser = releaser;
        this.status = status;
    }

    /** A part that watches and releases nothing and shows {@code reason} as the {@code leader} section. */
    public static LeaderAwareness off(LeaderSettings settings) {
        return new LeaderAwareness(settings, null, null, null, null, null,
                StatusSection.off("leader", settings.inactiveReason()), null);
    }

    /**
     * @param childMetrics reads the child's own metrics text (its {@code leader_election_master_status})
     * @param control restarts a child that leads without the Lease
     */
    public static LeaderAwareness of(LeaderSettings settings, StandbySettings standby, boolean childMetricsOn,
            Cluster cluster, Supplier<Optional<String>> childMetrics, ChildControl control, MeterRegistry registry,
            Clock clock) {
        if (!settings.active()) {
            return off(settings);
        }
        ReportedIdentity reported = null;
        ChildIdentity identity;
        if (settings.podNameIdentity()) {
            // POD_NAME for a child that elects under it
            identity = new PodNameIdentity(settings.podName());
        } else {
            // learned from the child's own leader status: under hostNetwork every replica on a node has the same
            // hostname prefix
            String lease = settings.leaseName();
            reported = new ReportedIdentity(lease, settings.hostname(), clock,
                    () -> childMetrics.get().map(text -> ReportedIdentity.parse(text, lease))
                            .orElse(ReportedIdentity.Reading.UNREADABLE),
                    () -> control.restart(ExitCause.STALE_LEADER, "child leads without the Lease"));
            identity = reported;
        }
        // read the child's leader status at once on every holder change (and twice a second anyway, once watching)
        ReportedIdentity polled = reported;
        LeaseWatch leaseWatch = new LeaseWatch(settings, identity, registry, clock,
                polled == null ? () -> { } : () -> cluster.background().execute(polled::poll));
        cluster.closeWithClient(leaseWatch);
        // the releaser may need the client before the background start made it (a child that dies at once)
        LeaseReleaser releaser = new LeaseReleaser(cluster::client, leaseWatch::cached, settings, registry, clock);
        LOG.info("leader identity rule rule={} lease={}", identity.rule(), settings.leaseName());
        if (!settings.podNameIdentity() && !childMetricsOn) {
            LOG.warn("child metrics are off (AGENT_CHILD_METRICS=false): the child's Lease identity cannot be"
                    + " learned, so the leader state stays unknown and the Lease is never released early");
        }
        StandbyHold hold = new StandbyHold(standby, leaseWatch::liveLeaderElsewhere, registry);
        return new LeaderAwareness(settings, cluster, identity, reported, leaseWatch, releaser, leaseWatch, hold);
    }

    public boolean active() {
        return leaseWatch != null;
    }

    /** The {@code leader} section of {@code /status}. */
    public StatusSection status() {
        return status;
    }

    /** The {@code leader} readiness check of the policy; empty when off or for {@code always}. */
    public Optional<Checker> readiness() {
        return leaseWatch == null ? Optional.empty()
                : LeaderReadiness.forPolicy(settings.readinessPolicy(), leaseWatch);
    }

    /** The standby-first hold after a release on child exit; empty when the part is off. */
    public Optional<StandbyHold> standbyHold() {
        return Optional.ofNullable(standbyHold);
    }

    /** Whether this replica's child holds the Lease now, as far as a live watch can tell (false when unknown). */
    public boolean leading() {
        return leaseWatch != null && leaseWatch.known() && leaseWatch.leading();
    }

    /** Starts the Lease watch and the identity poll; on the cluster's background thread, after the child started. */
    public void startWatching() {
        if (leaseWatch == null) {
            return;
        }
        if (reported != null) {
            cluster.background().scheduleWithFixedDelay(reported::poll, 0, REPORT_PERIOD.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        leaseWatch.start(cluster.client());
    }

    /** Looks at the watch so that losing and regaining the API server is logged even when nobody asks. */
    public void logWatchState() {
        if (leaseWatch != null) {
            leaseWatch.known();
        }
    }

    @Override
    public void started(long pid) {
        if (identity != null) {
            releasedOnExit = false;
            identity.childStarted(pid);
        }
    }

    @Override
    public void exited(ChildExit exit) {
        if (releaser != null) {
            LeaseReleaser.Outcome outcome = releaser.release(identity.childExited(),
                    "child exited code=" + exit.code());
            releasedOnExit = true;
            try {
                standbyHold.afterRelease(exit, outcome); // bounded; an interrupt ends it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Releases the Lease if it still names this replica (bounded by its timeout) unless the last child's exit just
     * tried (the exit path waits for one release timeout at most, not two).
     */
    @Override
    public void close() {
        if (releaser == null) {
            return;
        }
        String bound = identity.childExited();
        if (bound != null && !releasedOnExit) {
            releaser.release(bound, "agent shutdown");
        }
        releaser.close();
    }
}

package io.netmaker.operator.election;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netmaker.concurrent.DaemonThreads;
import io.netmaker.kubernetes.ObjectEvents;
import io.netmaker.kubernetes.Informers;
import io.netmaker.operator.config.ElectionTimings;
import io.netmaker.golang.GoDuration;
import io.netmaker.operator.events.EventRecorder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease leader election with fabric8's {@link LeaderElector} and {@link LeaseLock}, release on cancel.
 *
 * <p>fabric8 retries acquisition every retry period plus up to 120% jitter. To hand over within one retry period,
 * standbys also watch the Lease: when it is released (empty holder) or deleted, the waiting elector is replaced by a
 * fresh one, whose first attempt runs at once. The replaced elector's lock is retired first, so it can neither
 * acquire nor release the Lease any more.
 */
public final class LeaseElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseElection.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final ElectionTimings timings;
    private final LeaderListener listener;
    private final EventRecorder events;
    private final ExecutorService electorThread = DaemonThreads.single("leader-election");
    private final ExecutorService callbackThread = DaemonThreads.single("leader-callbacks");
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object lock = new Object();

    private Candidate current;
    private volatile boolean leading;
    private SharedIndexInformer<Lease> leaseWatch;

    public LeaseElection(KubernetesClient client, String namespace, String name, String identity,
            ElectionTimings timings, LeaderListener listener, EventRecorder events) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
        this.timings = timings;
        this.listener = listener;
        this.events = events;
    }

    public void start() {
        LOG.info("leader election starting lease={}/{} leaseDuration={} renewDeadline={} retryPeriod={}",
                namespace, name, GoDuration.format(timings.leaseDuration()),
                GoDuration.format(timings.renewDeadline()), GoDuration.format(timings.retryPeriod()));
        synchronized (lock) {
            current = launch(1);
        }
        // standbys re-acquire at once when the Lease is released or deleted (see the class comment)
        leaseWatch = Informers.start(client.leases().inNamespace(namespace).withName(name).runnableInformer(0),
                ObjectEvents.latest(this::onLeaseChange));
    }

    /**
     * Leading, and the last renewal is younger than the renew deadline. After a pause (a SIGSTOP, a long GC) the elector
     * only notices a lost Lease at its next attempt; until then this already answers false, so neither the metric nor a
     * reconcile claims leadership while a successor may hold the Lease.
     */
    public boolean isLeader() {
        if (!leading) {
            return false;
        }
        RetirableLock held;
        synchronized (lock) {
            held = current == null ? null : current.lock();
        }
        return held != null && held.renewedWithin(timings.renewDeadline());
    }

    public String identity() {
        return identity;
    }

    /** Stops the elector; when leading, releases the Lease before returning so a standby takes over at once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (leaseWatch != null) {
            leaseWatch.close();
        }
        Candidate last;
        synchronized (lock) {
            last = current;
        }
        boolean wasLeading = leading;
        if (last != null) {
            last.future.cancel(true);
        }
        leading = false;
        if (wasLeading) {
            LOG.info("leader election released lease={}/{}", namespace, name);
            recordEvent(identity + " stopped leading");
        }
        callbackThread.shutdown();
        electorThread.shutdownNow();
        DaemonThreads.awaitTermination(callbackThread);
    }

    private void onLeaseChange(Lease lease) {
        String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        boolean released = holder == null || holder.isEmpty();
        if (!released || leading || closed.get()) {
            return;
        }
        Candidate old;
        synchronized (lock) {
            if (closed.get() || leading) {
                return;
            }
            old = current;
            old.lock.retire();
            current = launch(old.generation + 1);
        }
        LOG.info("lease released, acquiring at once lease={}/{} generation={}", namespace, name, old.generation + 1);
        old.future.cancel(true);
    }

    private Candidate launch(int generation) {
        RetirableLock leaseLock = new RetirableLock(new LeaseLock(namespace, name, identity), timings.leaseDuration());
        LeaderElector elector = new LeaderElector(client, new LeaderElectionConfigBuilder()
                .withName(name)
                .withLock(leaseLock)
                .withLeaseDuration(timings.leaseDuration())
                .withRenewDeadline(timings.renewDeadline())
                .withRetryPeriod(timings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> onStarted(generation),
                        () -> onStopped(generation),
                        leader -> onNewLeader(generation, leader)))
                .build(), electorThread);
        return new Candidate(generation, leaseLock, elector.start());
    }

    private boolean isCurrent(int generation) {
        synchronized (lock) {
            return current != null && current.generation == generation && !closed.get();
        }
    }

    private void onStarted(int generation) {
        if (!isCurrent(generation)) {
            return;
        }
        leading = true;
        LOG.info("leader election won lease={}/{}", namespace, name);
        callbackThread.execute(() -> {
            recordEvent(identity + " became leader");
            listener.startedLeading();
        });
    }

    private void onStopped(int generation) {
        if (!isCurrent(generation) || !leading) {
            return;
        }
        leading = false;
        LOG.info("lease no longer held lease={}/{}", namespace, name);
        callbackThread.execute(listener::lostLeadership);
    }

    private void onNewLeader(int generation, String leader) {
        if (!isCurrent(generation) || RetirableLock.SUPERSEDED.equals(leader)) {
            return;
        }
        LOG.info("new leader observed lease={}/{} leader={}", namespace, name, leader);
        callbackThread.execute(() -> listener.newLeader(leader));
    }

    private void recordEvent(String message) {
        try {
            Lease lease = client.leases().inNamespace(namespace).withName(name).get();
            if (lease != null) {
                events.normal(lease, "LeaderElection", message);
            }
        } catch (RuntimeException e) {
            LOG.warn("event not recorded reason=LeaderElection error={}", e.getMessage());
        }
    }

    private record Candidate(int generation, RetirableLock lock, CompletableFuture<?> future) {
    }
}

package io.netmaker.operator.election;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A Lock for one elector generation. Once retired (its elector was replaced to re-acquire a released Lease at once),
 * it reports the Lease as held by someone else, so the old elector neither acquires nor releases it any more.
 *
 * <p>It also makes the release visible: fabric8 releases with a null holder over a JSON merge patch, and a null
 * field is left out of the patch, so the old holder would stay. Like client-go, the release writes an empty holder.
 */
final class RetirableLock implements Lock {
    static final String SUPERSEDED = "(superseded elector)";

    private final Lock delegate;
    private final Duration leaseDuration;
    private volatile boolean retired;
    /** {@link System#nanoTime()} of the last write that made or kept us the holder, null before any; monotonic. */
    private volatile Long lastHeldNanos;

    RetirableLock(Lock delegate, Duration leaseDuration) {
        this.delegate = delegate;
        this.leaseDuration = leaseDuration;
    }

    void retire() {
        retired = true;
    }

    /** Time since the last successful acquire or renew by this lock, or empty when it never held the Lease. */
    java.util.Optional<Duration> sinceLastHeld() {
        Long held = lastHeldNanos;
        return held == null ? java.util.Optional.empty()
                : java.util.Optional.of(Duration.ofNanos(System.nanoTime() - held));
    }

    /**
     * Notes a successful write that names us; {@code sentNanos} is taken before the request went out, so a reply
     * that is only read after a pause (the process was stopped in flight) does not count as a fresh renewal.
     */
    private void held(LeaderElectionRecord record, long sentNanos) {
        if (identity().equals(record.getHolderIdentity())) {
            lastHeldNanos = sentNanos;
        }
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        if (retired) {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            return new LeaderElectionRecord(SUPERSEDED, leaseDuration, now, now, 0);
        }
        return delegate.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        long sent = System.nanoTime();
        delegate.create(client, record);
        held(record, sent);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        if (record.getHolderIdentity() == null) {
            LeaderElectionRecord released = new LeaderElectionRecord("", record.getLeaseDuration(),
                    record.getAcquireTime(), record.getRenewTime(), record.getLeaderTransitions());
            delegate.update(client, released);
            return;
        }
        long sent = System.nanoTime();
        delegate.update(client, record);
        held(record, sent);
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}

package io.netmaker.operator.election;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.LongSupplier;

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
    private final LongSupplier nanoTime;
    private volatile boolean retired;
    /** nanoTime taken before the read that began the current acquire-or-renew attempt, null outside one. */
    private volatile Long attemptStartedNanos;
    /** nanoTime at the start of the last attempt whose write made or kept us the holder, null before any. */
    private volatile Long lastHeldNanos;

    RetirableLock(Lock delegate, Duration leaseDuration) {
        this(delegate, leaseDuration, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock ({@link System#nanoTime()} outside tests) */
    RetirableLock(Lock delegate, Duration leaseDuration, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.leaseDuration = leaseDuration;
        this.nanoTime = nanoTime;
    }

    void retire() {
        retired = true;
    }

    /** Time since the start of the last successful acquire or renew attempt, empty when it never held the Lease. */
    Optional<Duration> sinceLastHeld() {
        Long held = lastHeldNanos;
        return held == null ? Optional.empty() : Optional.of(Duration.ofNanos(nanoTime.getAsLong() - held));
    }

    /** Whether the last successful renewal, counted from before its GET, is younger than {@code renewDeadline}. */
    boolean renewedWithin(Duration renewDeadline) {
        return sinceLastHeld().map(age -> age.compareTo(renewDeadline) < 0).orElse(false);
    }

    /**
     * Notes a successful write that names us. The stamp is the one taken before the GET that began this attempt, as
     * fabric8 and client-go stamp {@code renewTime} before their GET: a slow GET, or a reply read only after a pause,
     * must not make the renewal look younger than the record the other replicas judge it by.
     */
    private void held(LeaderElectionRecord record, long writeSentNanos) {
        if (identity().equals(record.getHolderIdentity())) {
            Long started = attemptStartedNanos;
            lastHeldNanos = started == null ? writeSentNanos : started;
        }
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        attemptStartedNanos = nanoTime.getAsLong();
        if (retired) {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            return new LeaderElectionRecord(SUPERSEDED, leaseDuration, now, now, 0);
        }
        return delegate.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        write(() -> delegate.create(client, record), record);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        if (record.getHolderIdentity() == null) {
            LeaderElectionRecord released = new LeaderElectionRecord("", record.getLeaseDuration(),
                    record.getAcquireTime(), record.getRenewTime(), record.getLeaderTransitions());
            delegate.update(client, released);
            return;
        }
        write(() -> delegate.update(client, record), record);
    }

    /** A write that names us: on success it stamps the renewal (see {@link #held}); either way the attempt ends. */
    private void write(Runnable request, LeaderElectionRecord record) {
        long sent = nanoTime.getAsLong();
        try {
            request.run();
            held(record, sent);
        } finally {
            attemptStartedNanos = null;
        }
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

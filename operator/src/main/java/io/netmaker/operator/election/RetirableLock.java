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

    RetirableLock(Lock delegate, Duration leaseDuration) {
        this.delegate = delegate;
        this.leaseDuration = leaseDuration;
    }

    void retire() {
        retired = true;
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
        delegate.create(client, record);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        if (record.getHolderIdentity() == null) {
            LeaderElectionRecord released = new LeaderElectionRecord("", record.getLeaseDuration(),
                    record.getAcquireTime(), record.getRenewTime(), record.getLeaderTransitions());
            delegate.update(client, released);
            return;
        }
        delegate.update(client, record);
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

package io.netmaker.operator.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Renewal freshness is counted from before the GET that begins an attempt, on an injected monotonic clock. */
class RenewalTimingTest {
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private Duration getDelay = Duration.ZERO;
    private Duration updateDelay = Duration.ZERO;
    private boolean failWrites;

    /** A Lease lock whose GET and update take as long as the test says, on the fake clock. */
    private final Lock slowApi = new Lock() {
        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            nanos.addAndGet(getDelay.toNanos());
            ZonedDateTime t = ZonedDateTime.now();
            return new LeaderElectionRecord("me", Duration.ofSeconds(15), t, t, 0);
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            nanos.addAndGet(updateDelay.toNanos());
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            nanos.addAndGet(updateDelay.toNanos());
            if (failWrites) {
                throw new IllegalStateException("conflict");
            }
        }

        @Override
        public String identity() {
            return "me";
        }

        @Override
        public String describe() {
            return "Lease: test";
        }
    };

    private final RetirableLock lock = new RetirableLock(slowApi, Duration.ofSeconds(15), nanos::get);

    private void renew() {
        lock.get(null);
        ZonedDateTime t = ZonedDateTime.now();
        lock.update(null, new LeaderElectionRecord("me", Duration.ofSeconds(15), t, t, 0));
    }

    @Test
    void aRenewalWhoseGetTookLongerThanTheRenewDeadlineIsNotFresh() {
        assertThat(lock.renewedWithin(RENEW_DEADLINE)).isFalse(); // never held

        renew();
        assertThat(lock.sinceLastHeld()).contains(Duration.ZERO);
        assertThat(lock.renewedWithin(RENEW_DEADLINE)).isTrue();

        // a GET that takes 11 s: the write succeeds, but other replicas judge it by a renewTime stamped before it
        getDelay = Duration.ofSeconds(11);
        renew();
        assertThat(lock.sinceLastHeld()).contains(Duration.ofSeconds(11));
        assertThat(lock.renewedWithin(RENEW_DEADLINE)).isFalse();
    }

    @Test
    void theStampIsTakenBeforeTheGetNotBeforeTheWrite() {
        getDelay = Duration.ofSeconds(4);
        updateDelay = Duration.ofSeconds(3);
        renew();
        // counted from before the GET: 4 s + 3 s, not just the 3 s of the write
        assertThat(lock.sinceLastHeld()).contains(Duration.ofSeconds(7));
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(lock.renewedWithin(RENEW_DEADLINE)).isTrue();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(lock.renewedWithin(RENEW_DEADLINE)).isFalse(); // exactly the deadline: no longer leading
    }

    @Test
    void aFailedWriteKeepsTheOlderStamp() {
        renew();
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        failWrites = true;
        lock.get(null);
        ZonedDateTime t = ZonedDateTime.now();
        assertThatThrownBy(() -> lock.update(null, new LeaderElectionRecord("me", Duration.ofSeconds(15), t, t, 0)))
                .hasMessage("conflict");
        assertThat(lock.sinceLastHeld()).contains(Duration.ofSeconds(9));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(lock.renewedWithin(RENEW_DEADLINE)).isFalse();
    }
}

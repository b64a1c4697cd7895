package io.netmaker.agent.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.netmaker.agent.election.ReportedIdentity.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Learning a controller-runtime child's Lease identity when every replica on the node shares the hostname. */
class ReportedIdentityTest {
    private static final String LEASE = "3820d23d.netmaker.io";
    private Instant now = Instant.parse("2026-11-27T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ReportedIdentity identity = new ReportedIdentity(LEASE, "node-a", clock, () -> Reading.UNREADABLE);

    private void advance(long millis) {
        now = now.plusMillis(millis);
    }

    private Lease lease(String holder, Instant acquired) {
        return new LeaseBuilder().withNewMetadata().withName(LEASE).endMetadata().withNewSpec()
                .withHolderIdentity(holder).withAcquireTime(ZonedDateTime.ofInstant(acquired, ZoneOffset.UTC))
                .withRenewTime(ZonedDateTime.ofInstant(now, ZoneOffset.UTC)).endSpec().build();
    }

    @Test
    void theAcquisitionInTheWindowTheChildTurnedLeaderInIsBound() {
        identity.leaseObserved(lease("node-a_old", now.minusSeconds(60)));
        identity.childStarted(42);
        advance(5_000);
        identity.record(Reading.NOT_LEADING, now);
        assertThat(identity.stateFor("node-a_old")).isEqualTo(LeaderState.STANDBY);
        advance(300);
        Instant acquired = now;
        advance(200);
        identity.record(Reading.LEADING, now);
        assertThat(identity.stateFor("node-a_old")).as("the cache still shows the old holder")
                .isEqualTo(LeaderState.UNKNOWN);
        identity.leaseObserved(lease("node-a_mine", acquired));
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.LEADING);
        assertThat(identity.stateFor("node-a_other")).isEqualTo(LeaderState.STANDBY);
        assertThat(identity.view()).containsEntry("childIdentity", "node-a_mine");
        assertThat(identity.childExited()).isEqualTo("node-a_mine");
        assertThat(identity.childExited()).isNull();
    }

    @Test
    void aReplicaOnTheSameNodeThatAcquiredEarlierIsNeverBound() {
        identity.childStarted(42);
        advance(5_000);
        identity.leaseObserved(lease("node-a_sibling", now.minusSeconds(10)));
        identity.record(Reading.NOT_LEADING, now);
        advance(500);
        identity.record(Reading.LEADING, now);
        assertThat(identity.stateFor("node-a_sibling")).isEqualTo(LeaderState.UNKNOWN);
        assertThat(identity.childExited()).isNull();
    }

    @Test
    void twoAcquisitionsInTheWindowBindNothing() {
        identity.childStarted(42);
        advance(5_000);
        identity.record(Reading.NOT_LEADING, now);
        identity.leaseObserved(lease("node-a_sibling", now.minusMillis(200)));
        advance(500);
        identity.leaseObserved(lease("node-a_mine", now.minusMillis(100)));
        identity.record(Reading.LEADING, now);
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.UNKNOWN);
        assertThat(identity.view()).containsKey("identityReason");
        assertThat(identity.childExited()).isNull();
    }

    @Test
    void leadingAfterAGapInTheReadingsBindsNothing() {
        identity.childStarted(42);
        advance(5_000);
        identity.record(Reading.NOT_LEADING, now);
        advance(500);
        identity.record(Reading.UNREADABLE, now); // SIGSTOPped, say
        advance(500);
        identity.leaseObserved(lease("node-a_mine", now.minusMillis(100)));
        identity.record(Reading.LEADING, now);
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.UNKNOWN);
    }

    @Test
    void anotherNodesHolderIsNeverACandidate() {
        identity.childStarted(42);
        advance(5_000);
        identity.record(Reading.NOT_LEADING, now);
        advance(400);
        identity.leaseObserved(lease("node-b_x", now.minusMillis(100)));
        identity.record(Reading.LEADING, now);
        assertThat(identity.stateFor("node-b_x")).isEqualTo(LeaderState.UNKNOWN);
    }

    @Test
    void aNewChildStartsUnbound() {
        identity.childStarted(42);
        advance(1_000);
        identity.record(Reading.NOT_LEADING, now);
        advance(400);
        identity.leaseObserved(lease("node-a_mine", now.minusMillis(100)));
        identity.record(Reading.LEADING, now);
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.LEADING);
        identity.childExited();
        identity.childStarted(43);
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.UNKNOWN);
        identity.record(Reading.NOT_LEADING, now);
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.STANDBY);
        assertThat(identity.stateFor(null)).isEqualTo(LeaderState.STANDBY);
        advance(10_000);
        assertThat(identity.stateFor("node-a_mine")).as("an old reading says nothing").isEqualTo(LeaderState.UNKNOWN);
    }

    @Test
    void readsControllerRuntimesGauge() {
        String text = "# HELP leader_election_master_status Gauge of if the reporting system is master of the"
                + " relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify"
                + " the lease. Please make sure to group by name.\n"
                + "# TYPE leader_election_master_status gauge\n"
                + "leader_election_master_status{name=\"other\"} 1\n"
                + "leader_election_master_status{name=\"" + LEASE + "\"} 1\n";
        assertThat(ReportedIdentity.parse(text, LEASE)).isEqualTo(Reading.LEADING);
        assertThat(ReportedIdentity.parse(text.replace("\"} 1\n", "\"} 0\n"), LEASE))
                .isEqualTo(Reading.NOT_LEADING);
        assertThat(ReportedIdentity.parse("go_goroutines 7\n", LEASE)).isEqualTo(Reading.NOT_LEADING);
    }
}

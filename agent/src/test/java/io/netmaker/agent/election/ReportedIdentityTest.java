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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Learning a controller-runtime child's Lease identity when every replica on the node shares the hostname. */
class ReportedIdentityTest {
    private static final String LEASE = "3820d23d.netmaker.io";
    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    private static final String UNSEEN = "the child reported leading without a reading just before (or long after its"
            + " start); identity unknown until it restarts";
    private static final String AMBIGUOUS = "two acquisitions of the Lease in the window the child acquired it in;"
            + " identity unknown until it restarts";
    private Instant now = T0;
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

    /**
     * Child 42 starts, reports "not leading" {@code quietAfter} ms later and "leading" 400 ms after that; when
     * {@code acquiredBy} is not null, the Lease shows its acquisition 100 ms before that reading, seen before it.
     */
    private void quietThenLeading(long quietAfter, String acquiredBy) {
        identity.childStarted(42);
        advance(quietAfter);
        identity.record(Reading.NOT_LEADING, now);
        advance(400);
        if (acquiredBy != null) {
            acquiredThenLeading(acquiredBy);
        } else {
            identity.record(Reading.LEADING, now);
        }
    }

    /** The Lease shows {@code holder}'s acquisition 100 ms ago, then the child reports leading. */
    private void acquiredThenLeading(String holder) {
        identity.leaseObserved(lease(holder, now.minusMillis(100)));
        identity.record(Reading.LEADING, now);
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

    /** Child 42 quiet at 5 s; this host's sibling acquires at 4.8 s, the child at 5.4 s; "leading" at 5.5 s. */
    private void twoAcquisitionsThenLeading() {
        identity.childStarted(42);
        advance(5_000);
        identity.record(Reading.NOT_LEADING, now);
        identity.leaseObserved(lease("node-a_sibling", now.minusMillis(200)));
        advance(500);
        acquiredThenLeading("node-a_mine");
    }

    @Test
    void twoAcquisitionsInTheWindowBindNothing() {
        twoAcquisitionsThenLeading();
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
        acquiredThenLeading("node-a_mine");
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.UNKNOWN);
    }

    @Test
    void aChildThatAcquiresAFreeLeaseBeforeItsMetricsAnswerIsBoundFromItsStart() {
        identity.childStarted(42);
        Instant started = now;
        advance(300);
        identity.record(Reading.UNREADABLE, now); // metrics server not up yet
        advance(900);
        identity.leaseObserved(lease("node-a_mine", started.plusMillis(600)));
        identity.record(Reading.LEADING, now);
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.LEADING);
        identity.childExited();
        identity.childStarted(43);
        advance(20_000);
        acquiredThenLeading("node-a_late");
        assertThat(identity.stateFor("node-a_late")).as("first reading long after start").isEqualTo(LeaderState.UNKNOWN);
    }

    @Test
    void anotherNodesHolderIsNeverACandidate() {
        quietThenLeading(5_000, "node-b_x");
        assertThat(identity.stateFor("node-b_x")).isEqualTo(LeaderState.UNKNOWN);
    }

    @Test
    void aNewChildStartsUnbound() {
        quietThenLeading(1_000, "node-a_mine");
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
    void aBoundChildStillLeadingAfterAnotherAcquiredIsReportedOnce() {
        identity.childStarted(42);
        advance(1_000);
        identity.record(Reading.NOT_LEADING, now);
        advance(400);
        identity.leaseObserved(lease("node-a_mine", now.minusMillis(100)));
        assertThat(identity.record(Reading.LEADING, now)).isFalse();
        advance(20_000); // stopped, then resumed after another replica took the expired Lease
        identity.leaseObserved(lease("node-a_sibling", now.minusSeconds(4)));
        assertThat(identity.stateFor("node-a_sibling")).isEqualTo(LeaderState.STANDBY);
        assertThat(identity.record(Reading.LEADING, now)).isTrue();
        assertThat(identity.record(Reading.LEADING, now)).isFalse();
    }

    // One test per transition of the state machine that the scenarios above do not pin (see the class comment).

    @Test
    void withoutAChildReadingsAreIgnored() {
        assertThat(identity.record(Reading.LEADING, now)).isFalse();
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.NoChild());
        assertThat(identity.view()).containsEntry("childReport", null)
                .containsEntry("identityReason", "no child running");
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.UNKNOWN);
        assertThat(identity.stateFor(null)).isEqualTo(LeaderState.STANDBY);
    }

    @Test
    void startingStaysStartingWhileTheChildIsUnreadable() {
        identity.childStarted(42);
        advance(2_000);
        identity.record(Reading.UNREADABLE, now);
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Starting(42, T0));
        assertThat(identity.view()).containsEntry("childReport", "unreadable")
                .containsEntry("identityReason", "the child has not reported yet");
    }

    @Test
    void leadingMoreThanThreeSecondsAfterTheLastQuietReadingBindsNothing() {
        identity.childStarted(42);
        advance(5_000);
        identity.record(Reading.NOT_LEADING, now);
        advance(3_001);
        acquiredThenLeading("node-a_mine");
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Unknown(42, UNSEEN));
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.UNKNOWN);
        assertThat(identity.view()).containsEntry("identityReason", UNSEEN);
    }

    @Test
    void leadingExactlyThreeSecondsAfterTheLastQuietReadingStillBinds() {
        identity.childStarted(42);
        advance(5_000);
        identity.record(Reading.NOT_LEADING, now);
        advance(3_000);
        acquiredThenLeading("node-a_mine");
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Bound(42, "node-a_mine", false));
    }

    @Test
    void aGapEndsWithTheNextQuietReadingAndTheChildCanBeBoundAgain() {
        identity.childStarted(42);
        advance(5_000);
        identity.record(Reading.NOT_LEADING, now);
        advance(500);
        identity.record(Reading.UNREADABLE, now);
        advance(500);
        identity.record(Reading.UNREADABLE, now);
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Gap(42));
        assertThat(identity.stateFor("node-a_old")).as("no fresh quiet reading").isEqualTo(LeaderState.UNKNOWN);
        advance(500);
        identity.record(Reading.NOT_LEADING, now);
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Quiet(42, T0.plusMillis(6_500)));
        assertThat(identity.stateFor("node-a_old")).isEqualTo(LeaderState.STANDBY);
        advance(400);
        acquiredThenLeading("node-a_mine");
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.LEADING);
    }

    @Test
    void anUnreadableStatusInsideTheWindowKeepsIt() {
        quietThenLeading(5_000, null);
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Window(42, T0.plusMillis(4_000),
                T0.plusMillis(5_400)));
        assertThat(identity.view()).containsEntry("identityReason",
                "the child turned leader; its identity is learned once the Lease shows its acquisition");
        advance(500);
        identity.record(Reading.UNREADABLE, now);
        identity.leaseObserved(lease("node-a_mine", T0.plusMillis(5_200)));
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Bound(42, "node-a_mine", false));
        assertThat(identity.stateFor("node-a_mine")).isEqualTo(LeaderState.LEADING);
    }

    @Test
    void aQuietReadingClosesTheWindowAndALaterAcquisitionBindsNothing() {
        quietThenLeading(5_000, null);
        advance(500);
        identity.record(Reading.NOT_LEADING, now);
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Quiet(42, T0.plusMillis(5_900)));
        identity.leaseObserved(lease("node-a_mine", T0.plusMillis(5_200)));
        assertThat(identity.stateFor("node-a_mine")).as("a fresh quiet reading").isEqualTo(LeaderState.STANDBY);
        assertThat(identity.childExited()).isNull();
    }

    @Test
    void aWindowWhoseOnlyCandidateTheLeaseNoLongerNamesWaits() {
        identity.childStarted(42);
        advance(5_000);
        identity.record(Reading.NOT_LEADING, now);
        advance(200);
        identity.leaseObserved(lease("node-a_mine", now));
        advance(100);
        identity.leaseObserved(lease("node-b_x", now)); // and before the reading, a replica on another node took it
        advance(100);
        identity.record(Reading.LEADING, now);
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Window(42, T0.plusMillis(4_000),
                T0.plusMillis(5_400)));
        assertThat(identity.stateFor("node-b_x")).isEqualTo(LeaderState.UNKNOWN);
        identity.leaseObserved(lease("node-a_mine", T0.plusMillis(5_200)));
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Bound(42, "node-a_mine", false));
    }

    @Test
    void anUnknownChildThatReportsQuietAgainCanBeBound() {
        twoAcquisitionsThenLeading();
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Unknown(42, AMBIGUOUS));
        assertThat(identity.view()).containsEntry("identityReason", AMBIGUOUS);
        advance(500);
        identity.record(Reading.LEADING, now);
        identity.record(Reading.UNREADABLE, now);
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Unknown(42, AMBIGUOUS));
        advance(500);
        identity.record(Reading.NOT_LEADING, now);
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Quiet(42, T0.plusMillis(6_500)));
        advance(400);
        acquiredThenLeading("node-a_again");
        assertThat(identity.stateFor("node-a_again")).isEqualTo(LeaderState.LEADING);
    }

    @Test
    void aBoundChildStaysBoundWhateverItReports() {
        quietThenLeading(1_000, "node-a_mine");
        identity.record(Reading.NOT_LEADING, now);
        identity.record(Reading.UNREADABLE, now);
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.Bound(42, "node-a_mine", false));
        assertThat(identity.view()).containsEntry("childIdentity", "node-a_mine")
                .containsEntry("childReport", "unreadable").doesNotContainKey("identityReason");
        assertThat(identity.childExited()).isEqualTo("node-a_mine");
        assertThat(identity.state()).isEqualTo(new ReportedIdentity.NoChild());
    }

    @Test
    void pollRunsTheStaleLeaderReactionOncePerChild() {
        AtomicInteger stops = new AtomicInteger();
        AtomicReference<Reading> reading = new AtomicReference<>(Reading.NOT_LEADING);
        ReportedIdentity polled = new ReportedIdentity(LEASE, "node-a", clock, reading::get, stops::incrementAndGet);
        polled.childStarted(42);
        advance(1_000);
        polled.poll();
        advance(400);
        polled.leaseObserved(lease("node-a_mine", now.minusMillis(100)));
        reading.set(Reading.LEADING);
        polled.poll();
        assertThat(stops).hasValue(0);
        polled.leaseObserved(lease("node-a_sibling", now));
        polled.poll();
        polled.poll();
        assertThat(stops).hasValue(1);
        assertThat(polled.state()).isEqualTo(new ReportedIdentity.Bound(42, "node-a_mine", true));
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

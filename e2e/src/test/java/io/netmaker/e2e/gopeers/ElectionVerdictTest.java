package io.netmaker.e2e.gopeers;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.e2e.gopeers.ElectionVerdict.Event;
import io.netmaker.e2e.gopeers.GoLeadershipSampler.Round;
import io.netmaker.e2e.gopeers.GoPeerCluster.AgentView;
import io.netmaker.e2e.gopeers.GoPeerCluster.Belief;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ElectionVerdictTest {
    private static final Optional<Belief> A_LEADS = Optional.of(new Belief(true, "h_a", ""));
    private static final Optional<Belief> A_STANDBY = Optional.of(new Belief(false, "h_a", ""));
    private static final Optional<Belief> B_LEADS = Optional.of(new Belief(true, "h_b", ""));
    private static final Optional<Belief> B_STANDBY = Optional.of(new Belief(false, "h_b", ""));

    private static Optional<AgentView> agent(double gauge, double released) {
        return Optional.of(new AgentView(gauge, gauge == 1 ? "leading" : "standby", released));
    }

    private static Round round(long at, Optional<Belief> a, Optional<Belief> b, Optional<AgentView> agentA,
                               Optional<AgentView> agentB, String holder) {
        return new Round(at, List.of(a, b), List.of(agentA, agentB), Optional.ofNullable(holder));
    }

    @Test
    void aSteadyLeaderWithAgreeingAgentsIsClean() {
        List<Round> rounds = new ArrayList<>();
        for (long t = 0; t < 5_000; t += 100) {
            rounds.add(round(t, A_LEADS, B_STANDBY, agent(1, 0), agent(0, 0), "h_a"));
        }
        ElectionVerdict v = ElectionVerdict.of(rounds, List.of(), List.of(1.0), Double.NaN);
        assertThat(v.splitRounds()).isEmpty();
        assertThat(v.falseLeading()).isZero();
        assertThat(v.missed()).isZero();
        assertThat(v.considered()).isEqualTo(100);
    }

    @Test
    void twoLeadersAndAnAgentClaimingAForeignLeaseAreCounted() {
        List<Round> rounds = List.of(
                round(0, A_LEADS, B_LEADS, agent(1, 0), agent(1, 0), "h_a"),
                round(100, A_LEADS, B_STANDBY, agent(1, 0), agent(1, 0), "h_a"));
        ElectionVerdict v = ElectionVerdict.of(rounds, List.of(), List.of(), Double.NaN);
        assertThat(v.splitRounds()).containsExactly(0L);
        assertThat(v.falseLeading()).isEqualTo(2);
    }

    @Test
    void aReleaseOfTheOtherReplicasLeaseIsForeign() {
        List<Round> rounds = List.of(
                round(0, A_LEADS, B_STANDBY, agent(1, 0), agent(0, 0), "h_a"),
                round(100, A_LEADS, B_STANDBY, agent(1, 0), agent(0, 1), null),
                round(200, A_LEADS, Optional.empty(), agent(1, 1), agent(0, 1), null));
        ElectionVerdict v = ElectionVerdict.of(rounds, List.of(), List.of(), Double.NaN);
        assertThat(v.releases()).isEqualTo(2);
        assertThat(v.foreignReleases()).hasSize(1).first().asString().startsWith("replica 1");
    }

    @Test
    void theStoppedProcessCountsOnlyAfterSigcontAndAsTheResumedGapUntilTheAgentStopsIt() {
        List<Event> events = List.of(new Event(1_000, "SIGSTOP go", 0), new Event(3_000, "SIGCONT go", 0));
        List<Round> rounds = List.of(
                round(2_000, A_LEADS, B_LEADS, Optional.empty(), agent(1, 0), "h_b"), // late answer of a stopped A
                round(3_000, A_LEADS, B_LEADS, Optional.empty(), agent(1, 0), "h_b"), // resumed, not yet stopped
                round(4_500, A_LEADS, B_LEADS, Optional.empty(), agent(1, 0), "h_b"),
                round(4_600, A_STANDBY, B_LEADS, Optional.empty(), agent(1, 0), "h_b"));
        ElectionVerdict v = ElectionVerdict.of(rounds, events, List.of(), Double.NaN);
        assertThat(v.resumedSplitRounds()).isEqualTo(2);
        assertThat(v.resumedGapMillis()).isEqualTo(1_500);
        assertThat(v.splitRounds()).isEmpty();

        List<Round> later = new ArrayList<>(rounds);
        later.add(round(8_100, A_LEADS, B_LEADS, Optional.empty(), agent(1, 0), "h_b"));
        assertThat(ElectionVerdict.of(later, events, List.of(), Double.NaN).splitRounds()).containsExactly(8_100L);
    }
}

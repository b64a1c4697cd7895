package io.netmaker.agent.election;

import static io.netmaker.agent.election.ElectionFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmaker.healthz.Checker;
import io.netmaker.testing.MockApi;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeaderReadinessTest {
    @RegisterExtension
    final MockApi api = new MockApi();
    private LeaseWatch watch;

    @BeforeEach
    void start() {
        watch = new LeaseWatch(ElectionFixtures.settings(ReadinessPolicy.ALWAYS), ElectionFixtures.IDENTITY, new SimpleMeterRegistry(), ElectionFixtures.CLOCK);
    }

    @AfterEach
    void stop() {
        watch.close();
    }

    private static boolean passes(Checker checker) {
        try {
            checker.check();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Sets the holder and waits until the watch has seen it. */
    private void holder(String holder, Duration age) {
        put(api.client(), holder, age);
        await().until(() -> watch.known() && Objects.equals(LeaseWatch.holder(watch.cached()), holder)
                && Objects.equals(LeaseWatch.renewTime(watch.cached()), ElectionFixtures.NOW.minus(age)));
    }

    @Test
    void alwaysNeedsNoCheck() {
        assertThat(LeaderReadiness.forPolicy(ReadinessPolicy.ALWAYS, watch)).isEmpty();
    }

    @Test
    void leaderPolicyIsReadyOnlyWhileLeading() {
        Checker check = LeaderReadiness.forPolicy(ReadinessPolicy.LEADER, watch).orElseThrow();
        assertThat(passes(check)).as("unknown before the watch starts").isFalse();
        put(api.client(), "agent-0", Duration.ZERO);
        watch.start(api.client());
        await().until(() -> passes(check));
        holder("other-pod_2", Duration.ZERO);
        assertThat(passes(check)).isFalse();
        holder("agent-0", Duration.ofSeconds(1));
        assertThat(passes(check)).isTrue();
    }

    @Test
    void leaderOrStandbyIsReadyWhileSomeoneLeadsLive() {
        Checker check = LeaderReadiness.forPolicy(ReadinessPolicy.LEADER_OR_STANDBY, watch).orElseThrow();
        put(api.client(), "other-pod_2", Duration.ofSeconds(3));
        watch.start(api.client());
        await().until(() -> passes(check));
        holder("other-pod_2", Duration.ofSeconds(16));
        assertThat(passes(check)).as("leader expired").isFalse();
        holder(null, Duration.ZERO);
        assertThat(passes(check)).as("no holder").isFalse();
        holder("agent-0", Duration.ofSeconds(30));
        assertThat(passes(check)).as("leading").isTrue();
        assertThatCode(check::check).doesNotThrowAnyException();
    }
}

package io.netmaker.agent.election;

import static io.netmaker.agent.election.ElectionFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmaker.testing.MockApi;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeaseWatchTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    @RegisterExtension
    final MockApi api = new MockApi();
    private LeaseWatch watch;

    @BeforeEach
    void start() {
        watch = new LeaseWatch(ElectionFixtures.settings(ReadinessPolicy.ALWAYS), ElectionFixtures.IDENTITY, registry, ElectionFixtures.CLOCK);
    }

    @AfterEach
    void stop() {
        watch.close();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void leaderGaugeFollowsTheLeaseHolder() {
        put(api.client(), "other-pod_1234", Duration.ofSeconds(1));
        watch.start(api.client());
        await().until(() -> gauge("netmaker_agent_leader") == 0.0);
        assertThat(gauge("netmaker_agent_leader_state_known")).isEqualTo(1.0);

        put(api.client(), "agent-0", Duration.ofSeconds(1));
        await().until(() -> gauge("netmaker_agent_leader") == 1.0);
        assertThat(watch.leading()).isTrue();

        // the same hostname prefix is another replica on the node, never this one
        put(api.client(), "agent-0_5f1c", Duration.ofSeconds(1));
        await().until(() -> gauge("netmaker_agent_leader") == 0.0);
        put(api.client(), null, Duration.ofSeconds(1));
        await().until(() -> gauge("netmaker_agent_leader") == 0.0);
        assertThat(registry.get("netmaker_agent_leader_transitions").counter().count()).isEqualTo(3.0);

        api.client().leases().inNamespace(ElectionFixtures.NS).withName(ElectionFixtures.NAME).delete();
        await().until(() -> watch.cached() == null);
        assertThat(gauge("netmaker_agent_leader")).isEqualTo(0.0);
    }

    @Test
    void renewAgeShowsHowLongNobodyRenewed() {
        put(api.client(), "other-pod_1", Duration.ofSeconds(20));
        watch.start(api.client());
        await().until(() -> gauge("netmaker_agent_lease_renew_age_seconds") == 20.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) watch.snapshot();
        assertThat(status).containsEntry("state", "standby").containsEntry("holder", "other-pod_1")
                .containsEntry("renewAgeSeconds", 20.0).containsEntry("liveLeaderElsewhere", false);
    }

    @Test
    void stateIsUnknownWhileTheApiServerIsDownAndRecoversAfter() {
        put(api.client(), "agent-0", Duration.ofSeconds(1));
        watch.start(api.client());
        await().until(() -> gauge("netmaker_agent_leader") == 1.0);

        api.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !watch.known());
        assertThat(gauge("netmaker_agent_leader")).isNaN();
        assertThat(gauge("netmaker_agent_leader_state_known")).isZero();
        assertThat(watch.snapshot()).asString().contains("state=unknown");

        api.start();
        put(api.client(), "other-pod_2", Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> gauge("netmaker_agent_leader") == 0.0);
        assertThat(gauge("netmaker_agent_leader_state_known")).isEqualTo(1.0);
    }
}

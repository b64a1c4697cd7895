package io.netmaker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.Replica;
import io.netmaker.e2e.sandbox.SandboxOptions;
import io.netmaker.e2e.target.LocalTarget;
import io.netmaker.e2e.target.Targets;
import io.netmaker.testing.TunnelFixtures;
import io.netmaker.testing.WireGuardPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tunnel health decides leadership: three replicas of {@code agent run -- operator} (the local sandbox), each with
 * its own real WireGuard tunnel (wireguard-go to a peer in a network namespace of its own, the agent told the
 * interface with {@code AGENT_SIDECAR_INTERFACE}), {@code AGENT_TUNNEL_CHECK=true} and the {@code step-down}
 * policy. The leader's tunnel is cut: it reports unready, steps down, and a replica with a live tunnel leads within
 * the silence time plus one failover; at no sampled moment do two replicas lead.
 */
class TunnelFailoverE2E {
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration SILENCE = Duration.ofSeconds(3);
    /** Silence plus one failover, with slack for 6 JVMs on a loaded 2-core machine. */
    private static final Duration FAILOVER = Duration.ofSeconds(45);

    private final List<WireGuardPair> tunnels = new ArrayList<>();
    private LocalTarget target;

    @AfterEach
    void tearDown() {
        try {
            if (target != null) {
                target.close();
            }
        } finally {
            tunnels.forEach(WireGuardPair::close);
        }
    }

    private static String tunnelState(Optional<AgentStatus> status) {
        return status.flatMap(AgentStatus::tunnelState).orElse("");
    }

    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void theLeadersTunnelIsCutAndAReplicaWithALiveTunnelLeadsNeverTwo() {
        assumeTrue(Targets.local(), "the tunnel scenario runs against the local sandbox only");
        String base = "nmw" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        SandboxOptions options = LocalTarget.optionsFromSystemProperties();
        for (int i = 0; i < options.replicas(); i++) {
            tunnels.add(TunnelFixtures.pair(base + i));
        }
        target = LocalTarget.start(options.withAgentEnv(Map.of(
                "AGENT_SIDECAR_INTERFACE", base + SandboxOptions.INDEX + "w",
                "AGENT_TUNNEL_CHECK", "true",
                "AGENT_SIDECAR_LOSS_POLICY", "step-down",
                "AGENT_TUNNEL_SILENCE", SILENCE.toSeconds() + "s",
                // 1.5 x the sandbox operators' 500ms retry period
                "AGENT_STANDBY_HOLD", "750ms")));
        Observer observer = new Observer(target);
        String leader = observer.awaitSingleLeader(START);
        await("every tunnel reads live").atMost(START).pollInterval(Duration.ofMillis(200)).until(() ->
                target.replicas().stream().allMatch(p -> "live".equals(tunnelState(observer.status(p)))));
        Replica leaderReplica = target.replica(leader);
        await("the leader is ready").atMost(START).pollInterval(Duration.ofMillis(200))
                .until(() -> observer.ready(leader));

        try (LeadershipSampler sampler = new LeadershipSampler(target).start()) {
            long cut = System.nanoTime();
            tunnels.get(leaderReplica.index()).cut();
            await("the leader reads its tunnel silent").atMost(FAILOVER).pollInterval(Duration.ofMillis(50))
                    .until(() -> "silent".equals(tunnelState(observer.status(leader))));
            long silentMs = (System.nanoTime() - cut) / 1_000_000;
            Observer.Handover handover = observer.awaitHandover(leader, cut, FAILOVER);
            String successor = handover.to();
            assertThat(tunnelState(observer.status(successor))).as("the successor's tunnel").isEqualTo("live");
            assertThat(target.http(leader, "/readyz/tunnel").code()).as("the cut replica's /readyz/tunnel")
                    .isNotEqualTo(200);
            // while its tunnel stays cut, the old leader does not take the Lease back
            await().during(SILENCE.multipliedBy(3)).atMost(SILENCE.multipliedBy(3).plusSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !target.leader().orElse("").equals(leader));
            System.out.printf("tunnel cut -> silent %d ms, -> %s leads %d ms (silence %d ms)%n", silentMs, successor,
                    handover.millis(), SILENCE.toMillis());
            assertThat(sampler.rounds()).isNotEmpty();
            assertThat(sampler.rounds().stream().filter(LeadershipSampler.Round::agentsSplit).toList())
                    .as("rounds where two agents report leading").isEmpty();
            assertThat(sampler.rounds().stream().filter(LeadershipSampler.Round::operatorsSplit).toList())
                    .as("rounds where two operators report leading").isEmpty();
        }

        tunnels.get(leaderReplica.index()).restore();
        await("the repaired tunnel reads live and its replica ready").atMost(FAILOVER)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "live".equals(tunnelState(observer.status(leader))) && observer.ready(leader));
    }
}

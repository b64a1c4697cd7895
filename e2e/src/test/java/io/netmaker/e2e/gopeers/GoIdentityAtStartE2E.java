package io.netmaker.e2e.gopeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.e2e.gopeers.GoPeerCluster.AgentView;
import io.netmaker.e2e.gopeers.GoPeerCluster.Belief;
import io.netmaker.e2e.gopeers.GoPeerCluster.Hostnames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Go child that acquires a free Lease right at its start (before the agent's first reading of its
 * {@code leader_election_master_status}) is bound all the same (the window runs from its start), so on its crash
 * the Lease is released. Before that, the identity stayed unknown and the next leader waited for the Lease to expire
 * (15 s): in {@link GoElectionE2E} whenever the restarted child of the agent that just released the Lease won it (a
 * 13.8 s kill -9 failover among 1.2-2.3 s ones). A single replica shows it every time: its child always starts on a
 * free Lease.
 */
class GoIdentityAtStartE2E {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aChildThatAcquiresAFreeLeaseAtItsStartIsBound(@TempDir Path work) {
        GoPeers peers = GoPeersAvailable.require();
        try (GoPeerCluster c = GoPeerCluster.behindAgents(GoPeersAvailable.options(work), peers, 1, Hostnames.SHARED,
                Map.of())) {
            await("the Go child leads").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(c::leader, OptionalInt::isPresent);
            String identity = c.belief(0).map(Belief::identity).orElseThrow();
            await("the agent binds its child's identity and exports leading").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(c.agent(0).map(AgentView::gauge)).as("netmaker_agent_leader; leader "
                            + "section %s", c.agentLeaderSection(0)).contains(1.0));
            long killed = System.nanoTime();
            c.killGo(0);
            await("the restarted child leads soon (the agent released the crashed child's Lease)")
                    .atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
                    .until(() -> c.belief(0).map(b -> b.leading() && !b.identity().equals(identity)).orElse(false));
            System.out.printf("restarted child leads %.2f s after kill -9%n", (System.nanoTime() - killed) / 1e9);
        }
    }
}

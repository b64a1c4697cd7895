package io.netmaker.e2e;

import static io.netmaker.e2e.ContainerScenarios.SETTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.e2e.containers.Engine;
import io.netmaker.e2e.deploy.Kustomize;
import io.netmaker.e2e.target.Containers;
import io.netmaker.e2e.target.DockerTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The upstream variant: {@code Dockerfile.upstream} built on a stand-in of the upstream image whose {@code /manager}
 * is the suite's client-go election peer (upstream's flags, controller-runtime's Lease settings, identity
 * {@code hostname_uuid}), deployed as {@code host-network} plus the {@code upstream-operator} component
 * ({@code e2e/docker/upstream-host-network}): three replicas on one network sharing one hostname. Rounds of
 * {@code kill -9} of the leader's {@code /manager}: a fast handover each time (the crashed replica's agent releases
 * only its own child's Lease), the new leader keeps the Lease (no foreign release), never two leaders.
 */
class ContainerUpstreamE2E {
    private static final int ROUNDS = 3;
    private static DockerTarget target;
    private static final List<String> report = new ArrayList<>();

    @RegisterExtension
    static final TestWatcher DIAGNOSTICS = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (target != null) {
                System.out.println("==== diagnostics after " + context.getDisplayName() + "\n" + target.diagnostics());
            }
        }
    };

    @BeforeAll
    static void start() {
        Engine engine = Containers.require();
        Kustomize.requireKubectl();
        long startNanos = System.nanoTime();
        target = DockerTarget.start(engine, new DockerTarget.Options(
                Containers.REPO.resolve("e2e/docker/upstream-host-network"), 3, DockerTarget.Layout.HOST_NETWORK,
                engine.image("image.upstream"), null, Map.of("AGENT_SIDECAR_INTERFACE", "lo"),
                ContainerScenarios.HOST_NETWORK_ARGS));
        Map<String, Long> ready = ContainerScenarios.awaitExecReady(target, startNanos);
        report.add("upstream: container start to first successful exec readyz probe (ms): " + ready);
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
        E2eReport.append("docker", report);
    }

    @Test
    void killingTheLeadersManagerHandsOverFastWithoutForeignReleaseAndNeverTwoLeaders() {
        ContainerScenarios.assertHostNetworkSmoke(target);
        ContainerScenarios.assertNoWarnings(target);
        Observer observer = new Observer(target);
        try (LeadershipSampler sampler = new LeadershipSampler(target).start()) {
            for (int round = 1; round <= ROUNDS; round++) {
                String leader = observer.awaitSingleLeader(SETTLE);
                long before = target.operatorPid(leader).orElseThrow();
                long start = System.nanoTime();
                target.killOperator(leader, "KILL");
                Observer.Handover handover = observer.awaitHandover(leader, start, SETTLE);
                report.add("upstream round " + round + ": kill -9 of the leader's /manager: handover in "
                        + handover.millis() + " ms");
                assertThat(handover.millis()).as("a released Lease, not an expired one").isLessThan(15_000);
                await("the new leader keeps the Lease while the crashed replica restarts its /manager")
                        .during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
                        .until(() -> target.leader().filter(handover.to()::equals).isPresent());
                await("the agent restarts its /manager").atMost(SETTLE).until(() -> {
                    OptionalLong now = target.operatorPid(leader);
                    return now.isPresent() && now.getAsLong() != before;
                });
                await(leader + " ready again").atMost(SETTLE).until(() -> target.execProbe(leader, "readyz"));
            }
            List<LeadershipSampler.Round> split = sampler.rounds().stream()
                    .filter(r -> r.agentsSplit() || r.operatorsSplit()).toList();
            assertThat(split).as("sampling rounds with two leaders (of %d)", sampler.rounds().size()).isEmpty();
        }
    }
}

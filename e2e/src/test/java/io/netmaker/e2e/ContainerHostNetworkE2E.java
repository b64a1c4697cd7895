package io.netmaker.e2e;

import static io.netmaker.e2e.ContainerScenarios.SETTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.e2e.containers.Engine;
import io.netmaker.e2e.deploy.Kustomize;
import io.netmaker.e2e.target.Containers;
import io.netmaker.e2e.target.DockerTarget;
import io.netmaker.e2e.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The built image, run as {@code deploy/overlays/host-network} runs it: three replicas on this machine's network
 * and hostname, read-only root, uid 10001, no capabilities, the base's memory limit, the downward API's env,
 * probed through {@code /app/bin/probe} with {@code docker exec}; the seed's hostNetwork example arguments. Then the
 * failures a node sees: {@code kill -9} of the leader's operator, {@code docker kill} of the leader's container,
 * {@code docker restart}, {@code docker stop}; every replica sampled every 100 ms: never two leaders.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerHostNetworkE2E {
    private static DockerTarget target;
    private static Observer observer;
    private static LeadershipSampler sampler;
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
        target = ContainerScenarios.hostNetwork(engine, 3);
        observer = new Observer(target);
        Map<String, Long> ready = ContainerScenarios.awaitExecReady(target, startNanos);
        report.add("host-network: container start to first successful exec readyz probe (ms): " + ready);
        observer.awaitSingleLeader(SETTLE);
        sampler = new LeadershipSampler(target).start();
    }

    @AfterAll
    static void stop() {
        if (sampler != null) {
            sampler.close();
        }
        if (target != null) {
            target.close();
            assertThat(target.engine().run(Duration.ofSeconds(30), "ps", "-aq", "--filter", "name=" + target.tag())
                    .out().strip()).as("containers left after close").isEmpty();
        }
        E2eReport.append("docker", report);
    }

    @Test
    @Order(1)
    void threeReplicasOnOneNetworkGetDistinctHashedPortsOneLeaderAndAllAreReady() {
        assertThat(target.replicas()).contains(ContainerScenarios.assertHostNetworkSmoke(target));
        ContainerScenarios.assertNoWarnings(target);
    }

    @Test
    @Order(2)
    void killingTheLeadersOperatorHandsOverAndTheAgentRestartsIt() {
        String leader = observer.awaitSingleLeader(SETTLE);
        long before = target.operatorPid(leader).orElseThrow();
        long start = System.nanoTime();
        target.killOperator(leader, "KILL");
        Observer.Handover handover = observer.awaitHandover(leader, start, SETTLE);
        report.add("kill -9 of the leader's operator: handover in " + handover.millis() + " ms");
        await("the agent restarts its operator").atMost(SETTLE).until(() -> {
            OptionalLong now = target.operatorPid(leader);
            return now.isPresent() && now.getAsLong() != before;
        });
        await(leader + " ready again").atMost(SETTLE).until(() -> target.execProbe(leader, "readyz"));
        assertNeverTwoLeaders();
    }

    @Test
    @Order(3)
    void dockerKillOfTheLeadersContainerFailsOverWhenItsLeaseExpires() {
        String leader = observer.awaitSingleLeader(SETTLE);
        long start = System.nanoTime();
        target.engine().ok(Duration.ofSeconds(30), "kill", target.container(leader));
        target.forget(leader);
        Observer.Handover handover = observer.awaitHandover(leader, start, SETTLE);
        report.add("docker kill of the leader's container: handover in " + handover.millis() + " ms");
        target.engine().ok(Duration.ofSeconds(30), "start", target.container(leader));
        await(leader + " ready after docker start").atMost(ContainerScenarios.START)
                .until(() -> target.execProbe(leader, "readyz"));
        assertNeverTwoLeaders();
    }

    @Test
    @Order(4)
    void dockerRestartOfAReplicaBringsItBackReady() {
        String leader = observer.awaitSingleLeader(SETTLE);
        String standby = target.replicas().stream().filter(p -> !p.equals(leader)).findFirst().orElseThrow();
        long start = System.nanoTime();
        target.engine().ok(Duration.ofSeconds(target.graceSeconds() + 30L), "restart", "-t",
                Integer.toString(target.graceSeconds()), target.container(standby));
        target.forget(standby);
        await(standby + " ready after docker restart").atMost(ContainerScenarios.START)
                .until(() -> target.execProbe(standby, "readyz"));
        report.add("docker restart of a standby: ready again after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(target.leader()).as("the leader is untouched by a standby's restart").hasValue(leader);
        assertNeverTwoLeaders();
    }

    @Test
    @Order(5)
    void dockerStopOfTheLeaderExitsZeroWithinTheGraceAndReleasesTheLease() {
        String leader = observer.awaitSingleLeader(SETTLE);
        long start = System.nanoTime();
        Target.AgentStop stop = target.stopAgent(leader);
        long stopMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(stop.exitCode()).as("exit code of the stopped container").hasValue(0);
        assertThat(stopMillis).as("docker stop took (ms)").isLessThan(target.graceSeconds() * 1000L);
        Observer.Handover handover = observer.awaitHandover(leader, start, SETTLE);
        report.add("docker stop of the leader: exit 0 after " + stopMillis + " ms, handover in "
                + handover.millis() + " ms");
        assertThat(handover.millis()).as("the Lease was released (a handover without waiting for its expiry)")
                .isLessThan(15_000);
        assertNeverTwoLeaders();
    }

    private static void assertNeverTwoLeaders() {
        List<LeadershipSampler.Round> split = sampler.rounds().stream()
                .filter(r -> r.agentsSplit() || r.operatorsSplit()).toList();
        assertThat(split).as("sampling rounds with two leaders (of %d)", sampler.rounds().size()).isEmpty();
    }
}

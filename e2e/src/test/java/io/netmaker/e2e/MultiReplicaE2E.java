package io.netmaker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.PortHash;
import io.netmaker.e2e.sandbox.PrometheusText;
import io.netmaker.e2e.sandbox.Replica;
import io.netmaker.e2e.sandbox.SandboxOptions;
import io.netmaker.e2e.sandbox.Signals;
import io.netmaker.e2e.target.Containers;
import io.netmaker.e2e.target.KindTarget;
import io.netmaker.e2e.target.LocalTarget;
import io.netmaker.e2e.target.Target;
import io.netmaker.e2e.target.Targets;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The end-to-end suite: three replicas of {@code agent run -- operator} sharing one network, one Lease. Runs against
 * the local sandbox (default), a kind cluster ({@code -De2e.target=kind}) or the built image in containers on this
 * machine's network ({@code -De2e.target=docker}: scenario 2, which takes a port before a replica starts, is local
 * only). The scenarios share one system, in an
 * order where each leaves it with three running replicas and one leader, except the last (the agent's SIGTERM).
 * The local sandbox runs on the fabric8 mock API here and on the real API server in {@link MultiReplicaApiServerE2E}
 * (which only changes {@link #startLocal}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiReplicaE2E {
    /** Bounds for 6 JVMs starting and settling on a loaded 2-core machine; they wait for events, never measure. */
    private static final Duration START = Duration.ofSeconds(180);
    static final Duration SETTLE = Duration.ofSeconds(60);
    private static final int CONFLICTING_REPLICA = 2;

    static Target target;
    static Observer observer;
    private static ServerSocket blocker;
    private static int blockedPort;
    static final List<String> report = new ArrayList<>();
    private static final Set<Long> stoppedPids = new LinkedHashSet<>();
    private static final Set<String> unreadySidecars = new LinkedHashSet<>();

    @RegisterExtension
    static final TestWatcher DIAGNOSTICS = new TargetDiagnostics(() -> target);

    /** The local target of this class: the sandbox on the mock API server. */
    LocalTarget startLocal(SandboxOptions options) {
        return LocalTarget.start(options);
    }

    /** The options of the local sandbox. */
    SandboxOptions localOptions() {
        return LocalTarget.optionsFromSystemProperties();
    }

    @BeforeAll
    void start() throws IOException {
        report.clear();
        sigstop = null;
        target = null;
        if (Targets.local()) {
            SandboxOptions options = localOptions();
            // Scenario 2: the port replica 2 would hash to is taken before it starts.
            blockedPort = PortHash.healthPort(options.podName(CONFLICTING_REPLICA));
            blocker = new ServerSocket();
            // SO_REUSEADDR, as the agent's check and Go's net.Listen: without it a connection of an earlier test
            // still in TIME_WAIT on this port fails the bind, while the agent's check binds the port all the same
            blocker.setReuseAddress(true);
            try {
                blocker.bind(new InetSocketAddress("0.0.0.0", blockedPort));
            } catch (BindException e) {
                // already listened on by another program: the scenario holds all the same
                System.out.println("port " + blockedPort + " was already taken: " + e.getMessage());
            }
            target = startLocal(options);
        } else if (Targets.docker()) {
            assumeTrue(getClass() == MultiReplicaE2E.class, "the real API server runs with the local target only");
            target = ContainerScenarios.hostNetwork(Containers.require(), 3);
        } else {
            assumeTrue(getClass() == MultiReplicaE2E.class, "kind has its own API server: the mock's class runs there");
            target = new KindTarget();
        }
        observer = new Observer(target);
    }

    @AfterEach
    void restore() {
        stoppedPids.forEach(pid -> Signals.send(pid, "CONT"));
        stoppedPids.clear();
        unreadySidecars.forEach(pod -> target.setSidecarReady(pod, true));
        unreadySidecars.clear();
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (target != null) {
                target.close();
            }
        } finally {
            if (blocker != null) {
                blocker.close();
            }
            // every line names the target and its API server (local/mock, local/apiserver, kind/kube-apiserver, ...)
            E2eReport.append(target == null ? "?" : target.name() + "/" + target.apiServer(), report);
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void replicasStartWithDistinctBoundPortsAndOneLeader() {
        List<String> pods = target.replicas();
        assertThat(pods).hasSize(3);
        await("every agent serves /status").atMost(START).pollInterval(Duration.ofMillis(500))
                .until(() -> pods.stream().allMatch(p -> observer.status(p).flatMap(s -> box(s.port("health"))).isPresent()));

        Set<Integer> ports = new LinkedHashSet<>();
        for (String pod : pods) {
            AgentStatus status = observer.status(pod).orElseThrow();
            int health = status.port("health").orElseThrow();
            int proxy = status.port("proxy").orElseThrow();
            assertThat(ports.add(health)).as("health port %d of %s is unique", health, pod).isTrue();
            assertThat(ports.add(proxy)).as("proxy port %d of %s is unique", proxy, pod).isTrue();
            assertThat(status.portSource("health")).as("health port source of %s", pod).isPresent();
        }
        if (target instanceof LocalTarget local) {
            await("every replica listens on its health and proxy ports").atMost(SETTLE).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        for (Replica r : local.sandbox().replicas()) {
                            AgentStatus status = observer.status(r.podName()).orElseThrow();
                            assertThat(r.listeningPorts()).as("ports %s (agent and operator) listen on", r)
                                    .contains(status.port("health").orElseThrow(), status.port("proxy").orElseThrow());
                        }
                    });
        }

        String leader = observer.awaitSingleLeader(START);
        await("netmaker_agent_leader agrees with the Lease").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (String pod : pods) {
                        PrometheusText metrics = observer.metrics(pod).orElseThrow();
                        assertThat(metrics.value("netmaker_agent_leader").orElse(-1))
                                .as("netmaker_agent_leader of %s", pod).isEqualTo(pod.equals(leader) ? 1.0 : 0.0);
                    }
                });
        await("the operators' leader_election_master_status agrees").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (String pod : pods) {
                        target.operatorLeading(pod).ifPresent(leading ->
                                assertThat(leading).as("operator of %s leading", pod).isEqualTo(pod.equals(leader)));
                    }
                });
        report.add("scenario 1: leader " + leader + ", health/proxy ports " + ports);
    }

    @Test
    @Order(2)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aTakenPortMovesTheReplicaToTheNextFreePort() {
        io.netmaker.testing.Requires.that(blocker != null, "the local target only: the test binds a port on this machine");
        String pod = target.replicas().get(CONFLICTING_REPLICA);
        await("replica " + CONFLICTING_REPLICA + " serves /status").atMost(START).pollInterval(Duration.ofMillis(500))
                .until(() -> observer.status(pod).isPresent());

        AgentStatus status = observer.status(pod).orElseThrow();
        int health = status.port("health").orElseThrow();
        assertThat(health).as("health port of %s (hashed %d was taken)", pod, blockedPort).isGreaterThan(blockedPort);
        assertThat(status.requestedPort("health")).as("/status seed of the health port").hasValue(blockedPort);
        assertThat(status.conflicts("health")).as("/status conflicts on the health port: %s", status).isPositive();
        PrometheusText metrics = observer.metrics(pod).orElseThrow();
        assertThat(metrics.sum("netmaker_agent_port_conflicts_total", "role", "health"))
                .as("netmaker_agent_port_conflicts_total{role=health} of %s", pod).isGreaterThanOrEqualTo(1.0);
        report.add("scenario 2: " + pod + " hashed " + blockedPort + " (taken), moved to " + health);
    }

    @Test
    @Order(3)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void anUnreadySidecarFailsOnlyItsReplicasReadiness() {
        String leader = observer.awaitSingleLeader(START);
        List<String> others = target.replicas().stream().filter(p -> !p.equals(leader)).toList();
        await("all replicas ready").atMost(SETTLE).until(() -> target.replicas().stream().allMatch(observer::ready));

        unreadySidecars.add(leader);
        target.setSidecarReady(leader, false);

        await(leader + " /readyz fails on its sidecar").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    var verbose = target.http(leader, "/readyz?verbose");
                    assertThat(verbose.code()).isNotIn(0, 200);
                    assertThat(verbose.body()).contains("[-]sidecar");
                });
        assertThat(others).allSatisfy(p -> assertThat(observer.ready(p)).as("%s stays ready", p).isTrue());
        assertThat(observer.metrics(leader).orElseThrow().value("netmaker_agent_sidecar_ready"))
                .as("netmaker_agent_sidecar_ready of %s", leader).hasValue(0.0);

        target.setSidecarReady(leader, true);
        unreadySidecars.remove(leader);
        await(leader + " ready again").atMost(SETTLE).until(() -> observer.ready(leader));
        report.add("scenario 5: sidecar of " + leader + " unready -> its /readyz failed, " + others + " stayed ready");
    }

    @Test
    @Order(4)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killingTheLeadersOperatorHandsOverAndRestartsIt() {
        String leader = observer.awaitSingleLeader(START);
        AgentStatus before = observer.status(leader).orElseThrow();
        double releasedBefore = await(leader + " serves /metrics").atMost(SETTLE).until(() -> releases(leader),
                Optional::isPresent).orElseThrow();

        long start = System.nanoTime();
        long pid = target.killOperator(leader, "KILL");
        Observer.Handover handover = observer.awaitHandover(leader, start, SETTLE);
        report.add("scenario 3 (kill -9 operator): " + handover.from() + " -> " + handover.to() + " in "
                + handover.millis() + " ms");
        // the outcome, not the speed (make bench measures it): the agent released the Lease instead of letting it expire
        await(leader + " released the Lease").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> releases(leader).orElse(releasedBefore) > releasedBefore);

        await(leader + " restarts its operator").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    AgentStatus after = observer.status(leader).orElseThrow();
                    assertThat(after.childRestarts()).isGreaterThan(before.childRestarts());
                    assertThat(after.childPid().orElse(-1)).isPositive().isNotEqualTo(pid);
                });
        report.add("scenario 3: " + leader + " restarted its operator " + (System.nanoTime() - start) / 1_000_000
                + " ms after the kill");
        observer.awaitSingleLeader(SETTLE);
    }

    /** What the SIGSTOP scenario sampled, checked for the operators' own view by the next scenario. */
    private record SigstopRun(String leader, String successor, long contAtMillis, List<LeadershipSampler.Round> rounds) {}

    private static SigstopRun sigstop;

    @Test
    @Order(5)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aStoppedOperatorIsSucceededOnceAndStepsDown() {
        String leader = observer.awaitSingleLeader(START);
        int restartsBefore = observer.status(leader).orElseThrow().childRestarts();
        Duration stopFor = Duration.ofSeconds(6); // longer than the 4 s lease
        Observer.Handover handover;
        try (LeadershipSampler sampler = new LeadershipSampler(target).start()) {
            await("a first sampling round before the stop").atMost(START).pollInterval(Duration.ofMillis(50))
                    .until(() -> !sampler.rounds().isEmpty());
            long start = System.nanoTime();
            long pid = target.killOperator(leader, "STOP");
            stoppedPids.add(pid);
            handover = observer.awaitHandover(leader, start, SETTLE);
            // the stop lasts stopFor from the signal: the stopped operator answers nothing for the rest of it
            Duration left = stopFor.minusNanos(System.nanoTime() - start);
            if (left.compareTo(Duration.ZERO) > 0) {
                await(leader + "'s stopped operator stays silent").during(left).atMost(left.plus(SETTLE))
                        .pollInterval(Duration.ofMillis(100)).until(() -> target.operatorLeading(leader).isEmpty());
            }
            long contAt = sampler.elapsedMillis();
            target.killOperator(leader, "CONT");
            stoppedPids.remove(pid);

            Callable<Boolean> down = () -> !observer.agentLeading(leader) && !target.operatorLeading(leader).orElse(false);
            await(leader + " steps down").atMost(SETTLE).pollInterval(Duration.ofMillis(100)).until(down);
            // a second of rounds after the step-down for the sampler, in which it stays down
            await(leader + " stays down").during(Duration.ofSeconds(1)).atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(100)).until(down);
            sigstop = new SigstopRun(leader, handover.to(), contAt, sampler.rounds());
        }
        List<LeadershipSampler.Round> rounds = sigstop.rounds();
        report.add("scenario 6 (SIGSTOP " + stopFor.toSeconds() + " s): " + handover.from() + " -> " + handover.to()
                + " after " + handover.millis() + " ms (lease expiry), " + rounds.size() + " sampling rounds, old leader "
                + howItSteppedDown(leader, restartsBefore));
        report.add(operatorsView(sigstop));
        assertThat(rounds).as("sampling rounds").hasSizeGreaterThan(20);
        assertThat(rounds.stream().filter(LeadershipSampler.Round::agentsSplit).toList())
                .as("rounds where two agents reported leading").isEmpty();
        assertThat(rounds.stream().anyMatch(r -> r.operatorLeaders().contains(handover.to())
                || r.agentLeaders().contains(handover.to()))).as("the successor was seen leading").isTrue();
        observer.awaitSingleLeader(SETTLE);
    }

    /** The agent's count of Leases it released (fast failover), when its /metrics answers. */
    private static Optional<Double> releases(String pod) {
        return observer.metrics(pod).map(m -> m.sum("netmaker_agent_lease_releases_total", "outcome", "released"));
    }

    /** Whether the old leader's operator exited on the lost Lease (and was restarted) or stepped down in place. */
    private static String howItSteppedDown(String pod, int restartsBefore) {
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> observer.status(pod).map(s -> s.childRestarts() > restartsBefore).orElse(false));
            return "exited (code " + observer.status(pod).flatMap(s -> box(s.childLastExitCode())).orElse(-1)
                    + ") on the lost Lease and was restarted";
        } catch (ConditionTimeoutException e) {
            return "stepped down in place";
        }
    }

    /** The operators' own view in the SIGSTOP samples, as one report line. */
    private static String operatorsView(SigstopRun run) {
        List<LeadershipSampler.Round> split = run.rounds().stream().filter(LeadershipSampler.Round::operatorsSplit).toList();
        long answers = run.rounds().stream().filter(r -> r.operators().get(run.leader()).isPresent()).count();
        return "scenario 6 (operators' own view): " + answers + " answers from the stopped/resumed operator, "
                + split.size() + " rounds with two operators at leader_election_master_status 1"
                + split.stream().findFirst().map(r -> ", first " + (r.atMillis() - run.contAtMillis())
                        + " ms after SIGCONT").orElse("");
    }

    @Test
    @Order(6)
    void theResumedOperatorNeverClaimsLeadershipAlongsideItsSuccessor() {
        io.netmaker.testing.Requires.that(sigstop != null, "needs the SIGSTOP scenario's samples");
        assertThat(sigstop.rounds().stream().filter(LeadershipSampler.Round::operatorsSplit).toList())
                .as("rounds where two operators reported leader_election_master_status 1 (SIGCONT at %d ms)",
                        sigstop.contAtMillis())
                .isEmpty();
    }

    @Test
    @Order(7)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sigtermOfTheLeadersAgentHandsOverAndExitsCleanly() {
        String leader = observer.awaitSingleLeader(START);
        long start = System.nanoTime();
        CompletableFuture<Target.AgentStop> stop = CompletableFuture.supplyAsync(() -> target.stopAgent(leader),
                runnable -> new Thread(runnable, "stop-agent").start());
        Observer.Handover handover = observer.awaitHandover(leader, start, SETTLE);
        report.add("scenario 4 (SIGTERM agent): " + handover.from() + " -> " + handover.to() + " in "
                + handover.millis() + " ms");
        Target.AgentStop stopped = stop.join();
        assertThat(stopped.exitCode()).as("agent exit code").hasValue(0);
        assertThat(stopped.leftoverPids()).as("processes left behind by the agent").isEmpty();
    }

    private static Optional<Integer> box(OptionalInt value) {
        return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
    }
}

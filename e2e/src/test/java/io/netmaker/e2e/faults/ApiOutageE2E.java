package io.netmaker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.HttpProbe;
import io.netmaker.e2e.sandbox.Replica;
import io.netmaker.e2e.sandbox.Sandbox;
import io.netmaker.e2e.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sandbox's API server is stopped for 30 s and restarted on the same port with the same objects. Meanwhile no
 * replica (agent process) exits, and at every 100 ms sample at most one operator reports leading; afterwards one
 * replica leads again, the Lease names it, and every agent's /status agrees.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ApiOutageE2E {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int REPLICAS = 3;

    private Sandbox sandbox;
    private ScheduledExecutorService sampler;

    @AfterEach
    void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void replicasSurviveAnApiOutageWithAtMostOneLeader() throws Exception {
        Path repo = Path.of(System.getProperty("repo.root", SandboxOptions.findRepoRoot(Path.of("")).toString()));
        sandbox = Sandbox.start(SandboxOptions.defaults(repo).withReplicas(REPLICAS));
        String before = awaitOneLeader(Duration.ofSeconds(180));

        List<String> violations = new ArrayList<>();
        ConcurrentLinkedQueue<Integer> leaderCounts = new ConcurrentLinkedQueue<>();
        sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            List<String> leading = leadingOperators();
            leaderCounts.add(leading.size());
            if (leading.size() > 1) {
                synchronized (violations) {
                    violations.add(System.currentTimeMillis() + " " + leading);
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);

        sandbox.mockApi().stop();
        // the outage itself: every agent stays up all through it
        await("agents alive through " + OUTAGE.toSeconds() + " s without API server").during(OUTAGE)
                .atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(sandbox.replicas()).allSatisfy(r -> assertThat(r.alive())
                        .as(() -> r + " exit " + r.exitCode() + "\n" + r.logTail(30)).isTrue()));
        sandbox.mockApi().restart();

        String after = awaitOneLeader(Duration.ofSeconds(180));
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.SECONDS);

        assertThat(sandbox.replicas()).allSatisfy(r -> assertThat(r.alive()).as(r + "\n" + r.logTail(30)).isTrue());
        assertThat(violations).as("samples with more than one leading operator").isEmpty();
        assertThat(leaderCounts).as("samples taken").hasSizeGreaterThan((int) (OUTAGE.toMillis() / 100 / 2));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(sandbox.replicas()).allSatisfy(r -> assertThat(r.status().flatMap(AgentStatus::leaderHolder))
                        .as("%s /status leader holder", r).contains(after)));
        assertThat(before).isNotBlank();
    }

    /** Waits until exactly one operator leads and the Lease names its replica; returns that Pod name. */
    private String awaitOneLeader(Duration timeout) {
        Map<String, String> seen = new ConcurrentHashMap<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<String> leading = leadingOperators();
            Optional<String> holder = sandbox.lease().holder();
            if (leading.size() == 1 && holder.isPresent() && holder.get().equals(leading.get(0))) {
                seen.put("leader", leading.get(0));
                return true;
            }
            return false;
        });
        return seen.get("leader");
    }

    /** Pod names of the replicas whose operator reports {@code leader_election_master_status 1}. */
    private List<String> leadingOperators() {
        List<String> leading = new ArrayList<>();
        for (Replica r : sandbox.replicas()) {
            OptionalInt port = r.plannedPorts().map(p -> p.port("child-metrics")).orElse(OptionalInt.empty());
            if (port.isEmpty()) {
                continue;
            }
            HttpProbe.Result m = HttpProbe.get("127.0.0.1", port.getAsInt(), "/metrics");
            if (m.ok() && m.body().lines().anyMatch(l -> l.startsWith("leader_election_master_status")
                    && (l.endsWith(" 1.0") || l.endsWith(" 1")))) {
                leading.add(r.podName());
            }
        }
        return leading;
    }
}

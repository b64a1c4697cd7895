package io.netmaker.e2e.gopeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.ListeningPorts;
import io.netmaker.e2e.sandbox.Replica;
import io.netmaker.e2e.sandbox.Sandbox;
import io.netmaker.e2e.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in case of issue 9: {@code agent run -- <upstream's flag surface> --leader-elect
 * --health-probe-bind-address=:8081} with upstream's manifest env ({@code ENABLE_LEADER_ELECTION=false}), hashed
 * ports and a Pod name. The Go program exits 2 on any flag it does not define, so one start proves the flags.
 */
class GoDropInE2E {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void upstreamFlagSurfaceRunsBehindTheAgentWithItsProbeOnLoopback(@TempDir Path work) throws Exception {
        GoPeers peers = GoPeersAvailable.require();
        SandboxOptions base = GoPeersAvailable.options(work);
        SandboxOptions options = base.withReplicas(1)
                .withAgentCommand(GoPeerCluster.agentCommand(base.agentJar(), base.jvmOptions(),
                        GoPeerCluster.Hostnames.SHARED,
                        List.of(peers.flagsurface().toString(), "--leader-elect", "--health-probe-bind-address=:8081")))
                .withAgentEnv(Map.of("AGENT_PORT_STRATEGY", "hash", "ENABLE_LEADER_ELECTION", "false",
                        "AGENT_CHILD_DIALECT", "netmaker-go"));
        try (Sandbox sandbox = Sandbox.start(options)) {
            Replica r = sandbox.replica(0);
            await("the agent's /readyz is 200").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> r.http("/readyz").ok());

            JsonNode flags = await("the child printed its parsed flags").atMost(Duration.ofSeconds(20))
                    .until(() -> flagsLine(r.log()), Optional::isPresent).orElseThrow();
            assertThat(flags.path("leader-elect").asBoolean()).as("child's leader-elect in %s", flags).isTrue();
            assertThat(flags.path("args").size()).as("positional args in %s", flags).isZero();
            assertThat(flags.path("health-probe-bind-address").asText()).as("probe address in %s", flags)
                    .startsWith("127.0.0.1:");

            long child = r.operatorPid().orElseThrow();
            int probe = r.plannedPorts().flatMap(p -> box(p.port("child-probe"))).orElseThrow();
            await("the child listens on its probe port").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ListeningPorts.of(child).contains(probe));
            List<ListeningPorts.Listener> listeners = ListeningPorts.listeners(child);
            assertThat(listeners).as("the child's listening sockets").isNotEmpty()
                    .allMatch(ListeningPorts.Listener::loopback, "loopback only");

            // a child that exits on a flag does so within milliseconds: 3 s of one start and /readyz 200 rule restarts out
            await("the child keeps its first start and /readyz stays 200 for 3 s").during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        AgentStatus status = r.status().orElseThrow();
                        assertThat(status.json().path("child").path("starts").asInt()).as("child starts in %s", status)
                                .isEqualTo(1);
                        assertThat(r.http("/readyz").ok()).as("/readyz still 200").isTrue();
                    });
            assertThat(flagsLines(r.log())).as("GOPEER_FLAGS lines (one per child start)").isEqualTo(1);
        }
    }

    static Optional<JsonNode> flagsLine(Path log) throws Exception {
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf(GoPeers.FLAGS_LINE);
            if (at >= 0) {
                return Optional.of(JSON.readTree(line.substring(at + GoPeers.FLAGS_LINE.length())));
            }
        }
        return Optional.empty();
    }

    private static long flagsLines(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.contains(GoPeers.FLAGS_LINE)).count();
    }

    private static Optional<Integer> box(java.util.OptionalInt port) {
        return port.isPresent() ? Optional.of(port.getAsInt()) : Optional.empty();
    }
}

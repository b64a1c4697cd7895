package io.netmaker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a real process: exit codes, signal forwarding, config errors. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentProcessIT {
    private static final Path JAR = Path.of(System.getProperty("agent.jar", "target/agent.jar"));

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process agent(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AGENT_") || k.startsWith("POD_")
                || k.equals("HEALTH_PROBE_PORT") || k.equals("PROXY_PORT") || k.equals("ENABLE_LEADER_ELECTION"));
        pb.environment().put("AGENT_STATE_DIR", tmp.resolve("state").toString());
        pb.environment().put("AGENT_TERMINATION_LOG", tmp.resolve("termination-log").toString());
        pb.environment().put("HEALTH_PROBE_PORT", Integer.toString(freePort()));
        pb.environment().put("PROXY_PORT", Integer.toString(freePort()));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private String file(String name) throws IOException {
        return Files.readString(tmp.resolve(name), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void exitsWithTheChildsCodeAfterTheRestartBudget() throws Exception {
        Process p = agent(Map.of("AGENT_RESTART_BACKOFF", "10ms", "AGENT_RESTART_BACKOFF_MAX", "20ms"),
                "run", "--", "sh", "-c", "exit 3");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(file("termination-log")).isEqualTo("exited with code 3; gave up after 5 restarts in a row\n");
    }

    @Test
    void sigtermIsForwardedOnceAndTheChildsCodeIsTheAgentsCode() throws Exception {
        Process p = agent(Map.of(), "run", "--", "sh", "-c",
                "trap 'echo got-term; exit 7' TERM; echo ready; while :; do sleep 0.05; done");
        await().atMost(Duration.ofSeconds(30)).until(() -> file("stdout").contains("ready")
                && Files.exists(tmp.resolve("state/ports.json")));
        p.destroy(); // SIGTERM to the agent
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(7);
        assertThat(file("stdout")).containsOnlyOnce("got-term");
    }

    @Test
    void aChildKilledBySigtermGives143() throws Exception {
        Process p = agent(Map.of(), "run", "--", "sh", "-c", "echo ready; exec sleep 300");
        await().atMost(Duration.ofSeconds(30)).until(() -> file("stdout").contains("ready"));
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
    }

    @Test
    void aBadValueGivesOneClearErrorAndExit2() throws Exception {
        Process p = agent(Map.of("HEALTH_PROBE_PORT", "80x"), "run", "--", "sh", "-c", "echo started");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(file("stderr")).isEqualTo("agent: configuration error, nothing was started:\n"
                + "  invalid HEALTH_PROBE_PORT=\"80x\": must be a port number from 1 to 65535\n");
        assertThat(file("stdout")).isEmpty();
    }

    @Test
    void planPrintsTheHashedPorts() throws Exception {
        Process p = agent(Map.of("POD_NAME", "netmaker-k8s-ops-multi-7d9f8c6b5-abcde", "POD_NAMESPACE", "netmaker",
                "AGENT_PORT_STRATEGY", "hash",
                "HEALTH_PROBE_PORT", "", "PROXY_PORT", ""), "plan", "-o", "json");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(file("stdout").replaceAll("\\s", "")).contains("\"seed\":8644", "\"seed\":8648");
    }
}

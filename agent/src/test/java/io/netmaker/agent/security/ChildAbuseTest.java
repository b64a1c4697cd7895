package io.netmaker.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child faults beyond the supervisor's own tests: a child flooding its output without line breaks, and a child
 * that exits leaving a SIGTERM-ignoring grandchild behind. The agent stays responsive and leaves nothing running.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChildAbuseTest {
    @TempDir
    Path dir;

    private final List<AgentProcess> agents = new ArrayList<>();
    private final List<Long> watched = new ArrayList<>();

    @AfterEach
    void killAll() {
        agents.forEach(AgentProcess::close);
        watched.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private AgentProcess agent(int port, Map<String, String> extra, String script) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HEALTH_PROBE_PORT", Integer.toString(port));
        env.put("PROXY_PORT", Integer.toString(AgentProcess.freePort()));
        env.put("AGENT_STATE_DIR", dir.resolve("state").toString());
        env.put("AGENT_TERMINATION_LOG", dir.resolve("termination-log").toString());
        env.putAll(extra);
        AgentProcess a = AgentProcess.start(dir, "agent", env, List.of("run", "--", "sh", "-c", script));
        agents.add(a);
        return a;
    }

    @Test
    void aChildFloodingItsOutputWithoutLineBreaksDoesNotStallTheAgent() throws Exception {
        int port = AgentProcess.freePort();
        // 16 MiB of output without a newline, then it keeps running
        AgentProcess a = agent(port, Map.of(), "head -c 16777216 /dev/zero | tr '\\0' x; echo; echo flood-done; exec sleep 300");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(healthz, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.size(a.stdout) > 16L * 1024 * 1024);
        assertThat(http.send(healthz, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(a.stop()).isTrue();
    }

    @Test
    void aGrandchildLeftBehindByAnExitingChildDoesNotOutliveTheAgent() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        AgentProcess a = agent(AgentProcess.freePort(), Map.of("AGENT_RESTART_POLICY", "never"),
                "(trap '' TERM; exec sleep 300) & echo $! > '" + pidFile + "'; sleep 1; exit 3");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(pidFile)
                && !Files.readString(pidFile).isBlank());
        long grandchild = Long.parseLong(Files.readString(pidFile).trim());
        watched.add(grandchild);
        assertThat(a.process.waitFor(30, TimeUnit.SECONDS)).as("agent ends after the child's exit").isTrue();
        assertThat(a.process.exitValue()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ProcessHandle.of(grandchild)
                .map(ProcessHandle::isAlive).orElse(false)).as("grandchild %d still running", grandchild).isFalse());
    }
}

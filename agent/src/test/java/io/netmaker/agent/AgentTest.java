package io.netmaker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.child.ExitCause;
import io.netmaker.agent.child.Supervisor;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.status.StatusSection;
import io.netmaker.agent.ports.BindingPortCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The composition root with real ports, a real HTTP server and real {@code sh} children. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Long> pids = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Agent agent;
    private CompletableFuture<Integer> running;

    @AfterEach
    void cleanUp() throws Exception {
        if (agent != null) {
            agent.stop(15);
        }
        if (running != null) {
            running.exceptionally(e -> -1).get(30, TimeUnit.SECONDS); // the agent writes into @TempDir until it ends
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }));
    }

    private Agent.Builder builder(Map<String, String> extraEnv, List<String> command) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AGENT_STATE_DIR", tmp.resolve("state").toString(),
                "AGENT_TERMINATION_LOG", tmp.resolve("termination-log").toString(),
                "HEALTH_PROBE_PORT", Integer.toString(freePort()),
                "PROXY_PORT", Integer.toString(freePort()),
                "AGENT_RESTART_BACKOFF", "10ms",
                "AGENT_RESTART_BACKOFF_MAX", "50ms",
                "AGENT_SHUTDOWN_GRACE", "1s"));
        env.putAll(extraEnv);
        EnvReader reader = new EnvReader(env::get);
        Configuration config = Configuration.parse(reader, tmp.resolve("no-namespace"), command, "test-host");
        assertThat(reader.errors()).isEmpty();
        return Agent.builder(config).output(out, err).version("test")
                .listener(new ChildListener() {
                    @Override
                    public void started(long pid) {
                        pids.add(pid);
                    }
                });
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<Integer> start(Agent a) {
        agent = a;
        running = CompletableFuture.supplyAsync(() -> {
            try {
                return a.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return running;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesProbesAndStatusWhileTheChildRunsWithTheAgentsEnvAndFlags() throws Exception {
        List<ChildExit> exits = new CopyOnWriteArrayList<>();
        Agent a = builder(Map.of("ENABLE_LEADER_ELECTION", "false"),
                List.of("sh", "-c", "echo \"env $PROXY_PORT [${HEALTH_PROBE_PORT-unset}] args $0 $*\"; exec sleep 300",
                        "sh", "--leader-elect=true"))
                .listener(new ChildListener() {
                    @Override
                    public void exited(ChildExit exit) {
                        exits.add(exit);
                    }
                })
                .readinessCheck("extra", () -> { })
                .meterBinder(registry -> registry.gauge("netmaker.agent.leader", 1))
                .statusSection(new StatusSection() {
                    @Override
                    public String name() {
                        return "sidecar";
                    }

                    @Override
                    public Object snapshot() {
                        return Map.of("ready", true);
                    }
                })
                .build();
        CompletableFuture<Integer> code = start(a);
        await().atMost(Duration.ofSeconds(20)).until(() -> a.httpPort() > 0 && out.toString().contains("env "));
        String line = out.toString(StandardCharsets.UTF_8);
        // Go flag rules: "sh" is the first positional argument, so the agent's flags go before it and the
        // "--leader-elect=true" after it is an argument the child never reads as a flag
        assertThat(line).contains("[unset]", "args --leader-elect=false --health-probe-bind-address=127.0.0.1:")
                .contains("--metrics-secure=false sh --leader-elect=true");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz?verbose");
        assertThat(ready.statusCode()).isEqualTo(500); // sleep serves no /readyz
        assertThat(ready.body()).contains("[-]child failed", "[+]extra ok", "[+]ports ok");
        String status = get("/status").body();
        assertThat(status).contains("\"sidecar\":{\"ready\":true}", "\"running\":true", "\"rule\":");
        assertThat(get("/metrics").body()).contains("netmaker_agent_child_up 1", "netmaker_agent_leader 1");
        String portsJson = Files.readString(tmp.resolve("state/ports.json"));
        assertThat(portsJson).contains("\"child-probe\"")
                .containsPattern("\"health\"\\s*:\\s*" + a.httpPort() + "\\b"); // what deploy/image/bin/probe reads

        a.stop(15);
        assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(143);
        assertThat(exits).singleElement().extracting(ChildExit::restarting).isEqualTo(false);
    }

    @Test
    void probesAnswerBeforeTheMetricsExistAndAScrapeMeanwhileWaitsForThem() throws Exception {
        CountDownLatch binding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Agent a = builder(Map.of("ENABLE_LEADER_ELECTION", "false"), List.of("sleep", "300"))
                .meterBinder(registry -> {
                    binding.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    registry.gauge("netmaker.agent.leader", 1);
                })
                .build();
        start(a);
        assertThat(binding.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> scrape = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + a.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get("/readyz?verbose").body()).contains("[+]ports ok");
        assertThat(scrape).isNotDone();
        release.countDown();
        HttpResponse<String> metrics = scrape.get(20, TimeUnit.SECONDS);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("netmaker_agent_child_up 1", "netmaker_agent_leader 1");
    }

    @Test
    void aPortTakenByAnotherSocketIsSkippedCountedAndShown() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            Agent a = builder(Map.of("HEALTH_PROBE_PORT", Integer.toString(port)),
                    List.of("sh", "-c", "exec sleep 300")).build();
            start(a);
            await().atMost(Duration.ofSeconds(20)).until(() -> a.httpPort() > 0);
            assertThat(a.httpPort()).isGreaterThan(port);
            assertThat(get("/status").body()).contains("\"conflicts\":[{\"role\":\"health\",\"port\":" + port
                    + ",\"reason\":\"in use\"}]");
            assertThat(get("/metrics").body()).contains("netmaker_agent_port_conflicts_total{role=\"health\"} 1");
        }
    }

    @Test
    void failPolicyExitsWith2BeforeStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Agent a = builder(Map.of("HEALTH_PROBE_PORT", Integer.toString(taken.getLocalPort()),
                    "AGENT_PORT_CONFLICT_POLICY", "fail"), List.of("sh", "-c", "echo started")).build();
            assertThat(a.run()).isEqualTo(2);
            assertThat(pids).isEmpty();
            assertThat(err.toString()).contains("port plan failed: port " + taken.getLocalPort()
                    + " for health (HEALTH_PROBE_PORT) is in use and AGENT_PORT_CONFLICT_POLICY=fail");
        }
    }

    @Test
    void addressAlreadyInUseFromTheChildReplansAndRestarts() throws Exception {
        Path marker = tmp.resolve("first-run-done");
        Agent a = builder(Map.of("AGENT_RESTART_POLICY", "on-failure"), List.of("sh", "-c",
                "echo probe=$1; if [ ! -f " + marker + " ]; then touch " + marker
                        + "; echo 'bind: address already in use' >&2; exit 1; fi; exit 0")).build();
        CompletableFuture<Integer> code = start(a);
        assertThat(code.get(20, TimeUnit.SECONDS)).isZero();
        List<String> probes = out.toString().lines().filter(l -> l.startsWith("probe=")).toList();
        assertThat(probes).hasSize(2);
        assertThat(probes.get(0)).isNotEqualTo(probes.get(1)); // fresh loopback ports after the re-plan
        assertThat(a.supervisor().state().starts()).isEqualTo(2);
    }

    @Test
    void buildingTwiceGivesTwoIndependentAgents() throws Exception {
        Agent.Builder b = builder(Map.of(), List.of("sh", "-c", "echo run; exec sleep 300"));
        Agent other = b.build();
        Agent a = b.build();
        start(a);
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("run"));
        a.supervisor().restart(ExitCause.LIVENESS, "test");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.supervisor().state().starts() == 2);
        assertThat(a.supervisor().state().restarts()).isEqualTo(1);
        assertThat(a.supervisor().state().lastExit().cause()).isEqualTo(ExitCause.LIVENESS);
        assertThat(other.supervisor().state().starts()).isZero();
        assertThat(other.supervisor().state().phase()).isEqualTo(Supervisor.Phase.GATED);
        assertThat(get("/status").body()).contains("\"state\":\"running\"", "\"lastExitCause\":\"liveness\"",
                "\"lastExitReason\":\"restart requested: test\"");
        assertThat(get("/metrics").body()).contains("netmaker_agent_child_restarts_total{reason=\"liveness\"} 1");
    }

    @Test
    void theCheckHoldsTheHealthPortAndTheServerServesOnThatSamePort() throws Exception {
        int port = freePort();
        BindingPortCheck check = new BindingPortCheck();
        assertThat(check.isFree(port)).isTrue();
        try (ServerSocket other = new ServerSocket()) {
            other.setReuseAddress(true);
            assertThat(canBind(other, port)).as("held by the check").isFalse();
        } finally {
            check.close();
        }
        Agent a = builder(Map.of("HEALTH_PROBE_PORT", Integer.toString(port)),
                List.of("sh", "-c", "exec sleep 300")).build();
        start(a);
        await().atMost(Duration.ofSeconds(20)).until(() -> a.httpPort() > 0);
        assertThat(a.httpPort()).isEqualTo(port);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        try (ServerSocket other = new ServerSocket()) {
            other.setReuseAddress(true);
            assertThat(canBind(other, port)).as("held by the server").isFalse();
        }
    }

    private static boolean canBind(ServerSocket s, int port) {
        try {
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

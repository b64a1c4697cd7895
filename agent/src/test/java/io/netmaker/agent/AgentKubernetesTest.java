package io.netmaker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.kubernetes.Cluster;
import io.netmaker.agent.sidecar.InterfaceState;
import io.netmaker.testing.MockApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The leader and sidecar parts assembled into a real agent that runs a real child, against the mock API server. */
class AgentKubernetesTest {
    private static final String NS = "test";
    private static final String POD = "op-0";
    private static final String LEASE = "3820d23d.netmaker.io";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    @RegisterExtension
    final MockApi api = new MockApi();
    private Agent agent;
    private CompletableFuture<Integer> run;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();


    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop(15);
            run.exceptionally(e -> -1).join();
        }
        clients.forEach(KubernetesClient::close);
    }

    /** A client of the mock API with the agent's own JSON mapping, as in a pod. */
    private KubernetesClient agentClient() {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(api.newClient().getConfiguration())
                .withKubernetesSerialization(Cluster.serialization()).build();
        clients.add(client);
        return client;
    }

    private void createPod(boolean sidecarReady) {
        api.client().pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(POD).endMetadata()
                .withNewSpec().addNewContainer().withName("operator").endContainer()
                .addNewContainer().withName("netclient").endContainer().endSpec().build()).create();
        sidecarStatus(sidecarReady);
    }

    private void sidecarStatus(boolean ready) {
        api.client().pods().inNamespace(NS).withName(POD).editStatus(p -> new PodBuilder(p).editOrNewStatus()
                .withContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                        .withName("netclient").withReady(ready).withRestartCount(0).build()))
                .endStatus().build());
    }

    private void leaseHeldBy(String holder) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        api.client().leases().inNamespace(NS).resource(new LeaseBuilder().withNewMetadata().withName(LEASE).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(15).withRenewTime(now)
                .withAcquireTime(now).withLeaseTransitions(0).endSpec().build()).create();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the agent with a child that sleeps; returns the configuration errors (none expected). */
    private void startAgent(Map<String, String> extra) throws IOException {
        startAgent(extra, List.of());
    }

    /** Starts the agent without the variables {@code unset} (of the ones this test sets). */
    private void startAgent(Map<String, String> extra, List<String> unset) throws IOException {
        Path child = dir.resolve("child.sh");
        Files.writeString(child, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(child, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>(Map.of(
                "POD_NAME", POD, "POD_NAMESPACE", NS, "AGENT_CHILD_DIALECT", "netmaker-java",
                "HEALTH_PROBE_PORT", Integer.toString(freePort()), "PROXY_PORT", Integer.toString(freePort()),
                "AGENT_STATE_DIR", dir.resolve("state").toString(),
                "AGENT_TERMINATION_LOG", dir.resolve("termination-log").toString(),
                "AGENT_SHUTDOWN_GRACE", "2s", "AGENT_SIDECAR_WAIT_TIMEOUT", "5s"));
        env.putAll(extra);
        env.keySet().removeAll(unset);
        List<String> errors = new ArrayList<>();
        EnvReader reader = new EnvReader(env::get, errors);
        Configuration config = Configuration.parse(reader, dir.resolve("no-namespace-file"),
                List.of(child.toString()), POD);
        assertThat(errors).isEmpty();
        agent = Agent.builder(config).cluster(Cluster.of(this::agentClient))
                .interfaces(name -> new InterfaceState(true, true, "10.101.0.7")).build();
        run = CompletableFuture.supplyAsync(() -> {
            try {
                return agent.run();
            } catch (InterruptedException e) {
                return -1;
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.httpPort() > 0 || run.isDone());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    @Test
    void leaderAndSidecarStateReachReadyzStatusAndMetrics() throws Exception {
        createPod(true);
        leaseHeldBy(POD);
        startAgent(Map.of("AGENT_READINESS_POLICY", "leader"));

        await().atMost(Duration.ofSeconds(10)).until(() -> status("/readyz/leader") == 200);
        assertThat(status("/readyz/sidecar")).isEqualTo(200);
        String statusJson = get("/status").body();
        assertThat(statusJson).contains("\"leader\"").contains("\"leading\"").contains("\"sidecar\"")
                .contains("\"ready\"");
        await().until(() -> get("/metrics").body().contains("netmaker_agent_leader{lease=\"" + LEASE + "\"} 1"));
        assertThat(get("/metrics").body()).contains("netmaker_agent_sidecar_ready{container=\"netclient\"} 1");

        sidecarStatus(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> status("/readyz/sidecar") == 500);
        assertThat(get("/readyz/sidecar").body()).contains("container netclient not ready");
    }

    @Test
    void theTunnelWatchRunsForANamedInterfaceWithoutAnyPodAndAnUnreadableOneIsUnknown() throws Exception {
        startAgent(Map.of("AGENT_SIDECAR_INTERFACE", "nmwabsent0", "ENABLE_LEADER_ELECTION", "false",
                "AGENT_TUNNEL_CHECK", "true"), List.of("POD_NAME", "POD_NAMESPACE"));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/status").body().contains("interface nmwabsent0 absent"));
        assertThat(get("/status").body()).contains("\"tunnel\":{\"interface\":\"nmwabsent0\",\"state\":\"unknown\"");
        assertThat(status("/readyz/tunnel")).isEqualTo(200);
        assertThat(get("/metrics").body()).contains("netmaker_agent_tunnel_live{interface=\"nmwabsent0\"} NaN");
    }

    @Test
    void withoutPodNameOrANamedInterfaceTheTunnelWatchIsOff() throws Exception {
        startAgent(Map.of("ENABLE_LEADER_ELECTION", "false"), List.of("POD_NAME", "POD_NAMESPACE"));
        assertThat(get("/status").body()).contains("\"tunnel\":{\"interface\":\"netmaker\",\"state\":\"off\","
                + "\"reason\":\"POD_NAME is not set and no interface is named");
    }

    @Test
    void stoppingTheAgentReleasesTheLease() throws Exception {
        createPod(true);
        leaseHeldBy(POD);
        startAgent(Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/status").body().contains("\"leading\""));

        agent.stop(15);
        run.join();
        agent = null;

        assertThat(api.client().leases().inNamespace(NS).withName(LEASE).get().getSpec().getHolderIdentity()).isNull();
    }

    @Test
    void theGateHoldsTheChildUntilTheSidecarIsReady() throws Exception {
        createPod(false);
        startAgent(Map.of());
        await().during(Duration.ofMillis(500)).until(() -> !agent.supervisor().state().running());
        sidecarStatus(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.supervisor().state().running());
        assertThat(get("/status").body()).contains("ready after");
    }

    @Test
    void anUnreachableApiServerNeitherHoldsTheChildNorStopsTheAgent() throws Exception {
        api.stop();
        startAgent(Map.of("AGENT_SIDECAR_WAIT", "false", "AGENT_READINESS_POLICY", "leader"));
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.supervisor().state().running());
        assertThat(get("/status").body()).contains("\"unknown\"");
        assertThat(status("/readyz/leader")).isEqualTo(500);
        assertThat(get("/readyz/leader").body()).contains("leader state unknown");
        assertThat(get("/metrics").body()).contains("netmaker_agent_leader_state_known{lease=\"" + LEASE + "\"} 0");
        assertThat(run).isNotDone();
    }

    @Test
    void withTheApiServerUnreachableTheExitWaitsForOneReleaseTimeoutNotTwo() throws Exception {
        api.stop();
        startAgent(Map.of("AGENT_SIDECAR_WAIT", "false", "AGENT_LEASE_RELEASE_TIMEOUT", "5s"));
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.supervisor().state().running());
        long started = System.nanoTime();
        agent.stop(15);
        run.get(30, TimeUnit.SECONDS);
        agent = null;
        // one release of at most 5 s on the child's exit; the shutdown's second one would make it 10 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aFatalWaitTimeoutExitsWithCodeOne() throws Exception {
        createPod(false);
        startAgent(Map.of("AGENT_SIDECAR_WAIT_TIMEOUT", "300ms", "AGENT_SIDECAR_WAIT_FATAL", "true"));
        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(agent.supervisor().state().running()).isFalse();
    }
}

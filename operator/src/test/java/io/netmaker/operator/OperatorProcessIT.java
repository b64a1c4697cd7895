package io.netmaker.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmaker.testing.MockApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real operator processes against one mock API server: one leader, SIGTERM hands the Lease over. */
class OperatorProcessIT {
    private static final String LEASE = "3820d23d.netmaker.io";
    /** Handover on release must beat expiry; its speed is measured by make bench, not asserted here. */
    private static final Duration LEASE_DURATION = Duration.ofSeconds(8);

    @TempDir
    Path dir;
    private final MockApi api = new MockApi();
    private final KubernetesClient admin = api.defaultClient();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        admin.close();
        api.close();
    }

    @Test
    void sigtermOnTheLeaderMovesTheLeaseToTheStandbyBeforeItExpires() throws Exception {
        Path kubeconfig = api.writeKubeconfig(dir);
        int probeA = freePort();
        int probeB = freePort();
        Process a = start("op-a", kubeconfig, probeA);
        Process b = start("op-b", kubeconfig, probeB);

        await().atMost(Duration.ofSeconds(90)).until(() -> holder() != null && !holder().isEmpty());
        String leader = holder();
        assertThat(leader).isIn("op-a", "op-b");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).until(() -> leader.equals(holder()));
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(probeA) && ready(probeB)); // standbys are ready too

        Process leaderProcess = leader.equals("op-a") ? a : b;
        String standby = leader.equals("op-a") ? "op-b" : "op-a";
        leaderProcess.destroy(); // SIGTERM
        assertThat(leaderProcess.waitFor(15, TimeUnit.SECONDS)).isTrue();
        Instant exited = Instant.now();
        assertThat(leaderProcess.exitValue()).isZero();

        // the standby stamps acquireTime itself: a slow poll of the mock server cannot blur the measurement
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> standby.equals(holder()));
        Instant acquired = admin.leases().inNamespace("default").withName(LEASE).get().getSpec().getAcquireTime()
                .toInstant();
        Duration handover = Duration.between(exited, acquired);
        System.out.printf("lease handover measured: standby acquired the Lease %d ms after the leader process exited "
                + "(negative: before the JVM had finished exiting)%n", handover.toMillis());
        assertThat(handover).isLessThan(LEASE_DURATION);

        assertThat(log(leader)).contains("leader election released").doesNotContain("leader election lost");
        assertThat((leader.equals("op-a") ? b : a).isAlive()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> log(standby).contains("controller starting"));
    }

    @Test
    void aProxyPortInUseExitsOneWithTheMessageTheAgentWatchesFor() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Process p = start("op-c", api.writeKubeconfig(dir), List.of("--leader-elect=false",
                    "--health-probe-bind-address=127.0.0.1:0", "--zap-log-level=error"),
                    Map.of("PROXY_BIND_IP", "127.0.0.1", "PROXY_PORT", Integer.toString(taken.getLocalPort())));
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
        }
        assertThat(log("op-c")).contains("bind: address already in use").contains("port=")
                .as("--zap-log-level=error").doesNotContain("[INFO]");
    }

    @Test
    void secureMetricsAreRefusedWithExitTwo() throws Exception {
        Process p = start("op-d", api.writeKubeconfig(dir), List.of("--metrics-bind-address=:8443",
                "--metrics-secure"), Map.of());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(log("op-d")).contains("error: --metrics-secure=true is not supported");
    }

    private Process start(String podName, Path kubeconfig, int probePort) throws IOException {
        // flags a kubebuilder manifest for the Go operator carries; the proxy on loopback keeps /readyz green
        return start(podName, kubeconfig, List.of("--leader-elect", "--health-probe-bind-address=127.0.0.1:" + probePort,
                "--lease-duration", LEASE_DURATION.toSeconds() + "s", "--renew-deadline", "6s", "--retry-period", "500ms",
                "--metrics-secure=false", "--enable-http2=false", "--zap-devel", "--zap-encoder=console"),
                Map.of("PROXY_BIND_IP", "127.0.0.1", "PROXY_PORT", Integer.toString(freePort())));
    }

    private Process start(String podName, Path kubeconfig, List<String> flags, Map<String, String> extraEnv)
            throws IOException {
        String jar = System.getProperty("operator.jar", "target/operator.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "--kubeconfig=" + kubeconfig));
        command.addAll(flags);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(podName + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.remove("KUBECONFIG");
        env.remove("PROXY_BIND_IP");
        env.remove("ENABLE_LEADER_ELECTION");
        env.put("POD_NAME", podName);
        env.put("POD_NAMESPACE", "default");
        env.putAll(extraEnv);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private String holder() {
        Lease lease = admin.leases().inNamespace("default").withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private String log(String podName) throws IOException {
        return Files.readString(dir.resolve(podName + ".log"));
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

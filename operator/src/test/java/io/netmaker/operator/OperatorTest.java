package io.netmaker.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmaker.operator.config.ApiProxyOptions;
import io.netmaker.operator.config.BindAddress;
import io.netmaker.operator.config.ElectionTimings;
import io.netmaker.operator.config.OperatorOptions;
import io.netmaker.operator.testing.ElectionFixtures;
import io.netmaker.operator.testing.LocalAddresses;
import io.netmaker.testing.Leases;
import io.netmaker.testing.MockApi;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The composition root in-process: server order, leader-only controllers, stop and lost-Lease exit codes. */
class OperatorTest {
    private static final String LEASE = "3820d23d.netmaker.io";
    private static final ElectionTimings FAST = ElectionFixtures.TIMINGS;

    private static final ApiProxyOptions LOOPBACK_PROXY = ApiProxyOptions.secure(0, "127.0.0.1", "netmaker");

    private final MockApi api = new MockApi();
    private final KubernetesClient client = api.defaultClient();
    private final KubernetesClient admin = api.defaultClient();
    private Operator operator;

    @AfterEach
    void tearDown() {
        if (operator != null) {
            operator.stop();
        }
        client.close();
        admin.close();
        api.close();
    }

    private Operator operator(boolean leaderElect) {
        BindAddress loopback = new BindAddress("127.0.0.1", 0, true);
        operator = new Operator(new OperatorOptions(leaderElect, loopback, loopback, LEASE, "default", FAST, null,
                "op-test", LOOPBACK_PROXY, new OperatorOptions.ProxyImages("n", "p"), null, List.of("default")), client, Clock.systemUTC(),
                Duration.ofMillis(50), Duration.ofSeconds(1));
        return operator;
    }

    private String holder() {
        var lease = admin.leases().inNamespace("default").withName(LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void withoutElectionControllersStartAtOnceAndNoLeaseIsTouched() {
        Operator op = operator(false);
        op.start();
        assertThat(op.controllersRunning()).isTrue();
        assertThat(op.isLeader()).isTrue();
        assertThat(admin.leases().inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void probesServeBeforeElectionEvenWithoutAnApiServer() throws Exception {
        BindAddress loopback = new BindAddress("127.0.0.1", 0, true);
        try (KubernetesClient unreachable = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
                        .withRequestTimeout(500).withConnectionTimeout(500).withRequestRetryBackoffLimit(0).build())
                .build()) {
            Operator op = new Operator(new OperatorOptions(true, loopback, BindAddress.OFF, LEASE, "default", FAST,
                    null, "op-test", LOOPBACK_PROXY, new OperatorOptions.ProxyImages("n", "p"), null, List.of("default")), unreachable, Clock.systemUTC(),
                    Duration.ofMillis(50), Duration.ofSeconds(1));
            op.start();
            try {
                assertThat(get(op.probePort(), "/readyz")).isEqualTo("200 ok");
                assertThat(op.isLeader()).isFalse();
                assertThat(op.controllersRunning()).isFalse();
            } finally {
                op.stop();
            }
        }
    }

    @Test
    void aStandbyServesProbesAndRunsNoControllers() throws Exception {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        admin.leases().inNamespace("default").resource(new LeaseBuilder()
                .withNewMetadata().withName(LEASE).withNamespace("default").endMetadata()
                .withNewSpec().withHolderIdentity("other").withLeaseDurationSeconds(3600)
                    .withAcquireTime(now).withRenewTime(now.plusHours(1)).endSpec()
                .build()).create();
        Operator op = operator(true);
        op.start();

        assertThat(get(op.probePort(), "/readyz")).isEqualTo("200 ok");
        assertThat(get(op.probePort(), "/healthz")).isEqualTo("200 ok");
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(20)).until(() -> !op.controllersRunning());
        assertThat(get(op.metricsPort(), "/metrics")).contains("leader_election_master_status{name=\"" + LEASE + "\"} 0");
    }

    @Test
    void theLeaderRunsControllersAndAGracefulStopReleasesTheLeaseAndExitsZero() throws Exception {
        Operator op = operator(true);
        CompletableFuture<Integer> exit = runInBackground(op);
        await().atMost(Duration.ofSeconds(20)).until(op::controllersRunning);
        assertThat(holder()).isEqualTo("op-test");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(op.metricsPort(), "/metrics")
                .contains("leader_election_master_status{name=\"" + LEASE + "\"} 1"));

        op.stop();
        assertThat(exit.get()).isZero();
        assertThat(holder()).isEmpty();
        assertThat(op.controllersRunning()).isFalse();
    }

    @Test
    void losingTheLeaseStopsTheOperatorWithExitCodeOne() throws Exception {
        Operator op = operator(true);
        CompletableFuture<Integer> exit = runInBackground(op);
        await().atMost(Duration.ofSeconds(20)).until(op::controllersRunning);

        Leases.usurp(admin, "default", LEASE, "usurper");

        assertThat(exit.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(op.controllersRunning()).isFalse();
        assertThat(holder()).isEqualTo("usurper");
    }

    @Test
    void readinessNamesTheProxyCheckUntilTheInterfaceHasAnAddress() throws Exception {
        InetAddress hostAddress = LocalAddresses.nonLoopbackIpv4();
        AtomicReference<List<InetAddress>> addresses = new AtomicReference<>(List.of());
        BindAddress loopback = new BindAddress("127.0.0.1", 0, true);
        operator = new Operator(new OperatorOptions(false, loopback, BindAddress.OFF, LEASE, "default", FAST, null,
                "op-test", ApiProxyOptions.secure(0, null, "netmaker"), new OperatorOptions.ProxyImages("n", "p"), null, List.of("default")),
                client, Clock.systemUTC(), Duration.ofMillis(50), Duration.ofSeconds(1), name -> addresses.get(),
                Duration.ofMillis(50));
        operator.start();

        assertThat(operator.apiProxy().address()).isEmpty();
        assertThat(get(operator.probePort(), "/readyz?verbose")).startsWith("500 ").contains("[-]proxy failed");
        assertThat(get(operator.probePort(), "/readyz/proxy")).isEqualTo("500 internal server error: "
                + "interface netmaker has no IPv4 address; set PROXY_BIND_IP to bind elsewhere\n");
        assertThat(get(operator.probePort(), "/healthz")).isEqualTo("200 ok");

        addresses.set(List.of(hostAddress));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(operator.probePort(), "/readyz").equals("200 ok"));
        assertThat(operator.apiProxy().address().orElseThrow().getAddress()).isEqualTo(hostAddress);
    }

    @Test
    void aProxyPortInUseStopsTheOperatorWithExitCodeOneBeforeElection() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            BindAddress loopback = new BindAddress("127.0.0.1", 0, true);
            operator = new Operator(new OperatorOptions(true, loopback, BindAddress.OFF, LEASE, "default", FAST, null,
                    "op-test", ApiProxyOptions.secure(taken.getLocalPort(), "127.0.0.1", "netmaker"),
                    new OperatorOptions.ProxyImages("n", "p"), null, List.of("default")), client, Clock.systemUTC(),
                    Duration.ofMillis(50), Duration.ofSeconds(1));
            assertThat(operator.run()).isEqualTo(1);
            assertThat(holder()).isNull();
        }
    }

    private static CompletableFuture<Integer> runInBackground(Operator op) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return op.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}

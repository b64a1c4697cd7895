package io.netmaker.e2e.gopeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.e2e.gopeers.GoPeerCluster.Belief;
import io.netmaker.e2e.sandbox.HttpProbe;
import io.netmaker.e2e.sandbox.PrometheusText;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The election peer on its own (no agent): what the scenarios and the bench's baseline rely on. */
class GoElectionPeerE2E {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void twoPeersElectOneLeaderAndTheStandbyTakesOverAfterLeaseExpiry(@TempDir Path work) throws Exception {
        GoPeers peers = GoPeersAvailable.require();
        try (GoPeerCluster c = GoPeerCluster.direct(work, peers, 2)) {
            int leader = await("one peer leads").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(c::leader, OptionalInt::isPresent).getAsInt();
            int standby = 1 - leader;
            String identity = c.belief(leader).orElseThrow().identity();
            assertThat(identity).as("controller-runtime's identity hostname_uuid")
                    .startsWith(InetAddress.getLocalHost().getHostName() + "_")
                    .matches(".*_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            await("the Lease names the leader").atMost(Duration.ofSeconds(10)).until(() -> c.leaseHolder().orElse(""),
                    identity::equals);
            assertThat(masterStatus(c, leader)).as("leader's leader_election_master_status").isEqualTo(1.0);
            await("the standby runs").atMost(Duration.ofSeconds(20)).until(() -> c.goUp(standby));
            assertThat(masterStatus(c, standby)).as("standby's leader_election_master_status").isEqualTo(0.0);

            long killedAt = System.nanoTime();
            c.killGo(leader);
            await("the standby leads once the Lease expires").atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(100)).until(() -> c.belief(standby).map(Belief::leading).orElse(false));
            double seconds = (System.nanoTime() - killedAt) / 1e9;
            assertThat(seconds).as("no release on a crash: the standby waits for the 15 s lease").isGreaterThan(10.0);
            assertThat(c.leaseHolder()).contains(c.belief(standby).orElseThrow().identity());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void secureMetricsAnswer401WithoutABearerToken(@TempDir Path work) throws Exception {
        GoPeers peers = GoPeersAvailable.require();
        int probe = freePort();
        int metrics = freePort();
        Process p = new ProcessBuilder(List.of(peers.electionpeer().toString(), "--leader-elect=false",
                "--health-probe-bind-address=127.0.0.1:" + probe, "--metrics-bind-address=127.0.0.1:" + metrics))
                .redirectErrorStream(true).redirectOutput(work.resolve("peer.log").toFile()).start();
        try {
            await("probes green without election").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> HttpProbe.get("127.0.0.1", probe, "/readyz").ok()
                            && HttpProbe.get("127.0.0.1", probe, "/healthz").ok());
            HttpClient https = HttpClient.newBuilder().sslContext(trustAll()).build();
            URI uri = URI.create("https://127.0.0.1:" + metrics + "/metrics");
            assertThat(https.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("HTTPS metrics without a token").isEqualTo(401);
            assertThat(https.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer test").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("with a bearer token").isEqualTo(200);
            assertThat(HttpProbe.get("127.0.0.1", metrics, "/metrics").ok()).as("plain HTTP on the HTTPS port").isFalse();
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    private static double masterStatus(GoPeerCluster c, int i) {
        HttpProbe.Result r = HttpProbe.get("127.0.0.1", c.goMetricsPort(i).orElseThrow(), "/metrics");
        return PrometheusText.parse(r.body()).value("leader_election_master_status", "name", "3820d23d.netmaker.io")
                .orElse(Double.NaN);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager[] all = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, all, null);
        return ssl;
    }
}

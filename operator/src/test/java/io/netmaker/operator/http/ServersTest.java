package io.netmaker.operator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.netmaker.healthz.Checker;
import io.netmaker.healthz.HealthChecks;
import io.netmaker.operator.config.BindAddress;
import io.netmaker.operator.metrics.OperatorMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServersTest {
    @Test
    void probesAnswerOkAndListTheirChecks() {
        Javalin app = ProbeServer.app(new HealthChecks().add("healthz", Checker.PING),
                new HealthChecks().add("readyz", Checker.PING));
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.get("/healthz").code()).isEqualTo(200);
            assertThat(client.get("/readyz").body().string()).isEqualTo("ok");
            assertThat(client.get("/readyz?verbose").body().string()).isEqualTo("[+]readyz ok\nhealthz check passed\n");
            assertThat(client.get("/readyz/missing").code()).isEqualTo(404);
        });
    }

    @Test
    void metricsUseControllerRuntimeNames() {
        OperatorMetrics metrics = new OperatorMetrics("3820d23d.netmaker.io");
        metrics.leading(true);
        metrics.reconciled("service-proxy", "success", Duration.ofMillis(30));
        metrics.reconciled("service-proxy", "error", Duration.ofMillis(3));
        JavalinTest.test(MetricsServer.app(metrics), (server, client) -> {
            var response = client.get("/metrics");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.headers().get("Content-Type").get(0)).startsWith("text/plain");
            String body = response.body().string();
            assertThat(body)
                    .contains("leader_election_master_status{name=\"3820d23d.netmaker.io\"} 1")
                    .contains("controller_runtime_reconcile_total{controller=\"service-proxy\",result=\"success\"} 1")
                    .contains("controller_runtime_reconcile_total{controller=\"service-proxy\",result=\"error\"} 1")
                    .contains("controller_runtime_reconcile_time_seconds_bucket{controller=\"service-proxy\",le=\"0.05\"} 2")
                    .contains("controller_runtime_reconcile_time_seconds_count{controller=\"service-proxy\"} 2")
                    .doesNotContain("_total_total");
        });
        metrics.leading(false);
        assertThat(metrics.scrape()).contains("leader_election_master_status{name=\"3820d23d.netmaker.io\"} 0");
    }

    @Test
    void loopbackAddressBindsOnPortZero() throws Exception {
        Javalin app = ProbeServer.start(new BindAddress("127.0.0.1", 0, true), new HealthChecks(), new HealthChecks());
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
        } finally {
            app.stop();
        }
    }
}

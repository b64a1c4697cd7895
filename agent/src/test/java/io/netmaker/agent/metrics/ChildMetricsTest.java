package io.netmaker.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChildMetricsTest {
    private static final String AGENT = """
            # HELP process_cpu_seconds_total cpu
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total 1.5
            # HELP netmaker_agent_child_up up
            # TYPE netmaker_agent_child_up gauge
            netmaker_agent_child_up 1.0
            """;
    private static final String CHILD = """
            # HELP go_goroutines Number of goroutines.
            # TYPE go_goroutines gauge
            go_goroutines 42
            # HELP process_cpu_seconds_total Total user and system CPU time.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total 0.25
            # HELP controller_runtime_reconcile_time_seconds Length of time per reconciliation.
            # TYPE controller_runtime_reconcile_time_seconds histogram
            controller_runtime_reconcile_time_seconds_bucket{controller="svc",le="0.005"} 3
            controller_runtime_reconcile_time_seconds_bucket{controller="svc",le="+Inf"} 4
            controller_runtime_reconcile_time_seconds_sum{controller="svc"} 0.1
            controller_runtime_reconcile_time_seconds_count{controller="svc"} 4
            # HELP leader_election_master_status master
            # TYPE leader_election_master_status gauge
            leader_election_master_status{name="3820d23d.netmaker.io"} 1
            """;

    @Test
    void theChildsFamiliesAreAddedExceptThoseTheAgentHasItself() {
        String merged = AGENT + ChildMetrics.childFamilies(AGENT, CHILD);
        assertThat(merged).contains("go_goroutines 42", "controller_runtime_reconcile_time_seconds_count",
                "leader_election_master_status{name=\"3820d23d.netmaker.io\"} 1", "process_cpu_seconds_total 1.5");
        assertThat(merged).doesNotContain("process_cpu_seconds_total 0.25");
        assertThat(merged.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]))
                .doesNotHaveDuplicates();
    }

    @Test
    void oneScrapePortServesTheChildsMetricsAndSaysWhetherItCouldReadThem() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        HttpServer child = childServing(reads);
        try {
            int[] port = {child.getAddress().getPort()};
            long[] now = {0};
            ChildMetrics metrics = new ChildMetrics(() -> port[0], Duration.ofSeconds(5), () -> now[0]);
            var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            metrics.bindTo(registry);
            assertThat(metrics.appendTo(AGENT)).contains("go_goroutines 42");
            assertThat(registry.get("netmaker_agent_child_metrics_up").gauge().value()).isEqualTo(1.0);
            port[0] = 0;
            now[0] += ChildMetrics.SCRAPE_MAX_AGE.toNanos();
            assertThat(metrics.appendTo(AGENT)).isEqualTo(AGENT);
            assertThat(registry.get("netmaker_agent_child_metrics_up").gauge().value()).isEqualTo(0.0);
        } finally {
            child.stop(0);
        }
    }

    @Test
    void aBurstOfScrapesReadsTheChildOncePerMaxAge() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        HttpServer child = childServing(reads);
        try {
            long[] now = {0};
            ChildMetrics metrics = new ChildMetrics(() -> child.getAddress().getPort(), Duration.ofSeconds(5),
                    () -> now[0]);
            for (int i = 0; i < 50; i++) {
                assertThat(metrics.appendTo(AGENT)).contains("go_goroutines 42");
            }
            assertThat(reads).hasValue(1);
            now[0] += ChildMetrics.SCRAPE_MAX_AGE.toNanos();
            metrics.appendTo(AGENT);
            assertThat(reads).hasValue(2);
        } finally {
            child.stop(0);
        }
    }

    private static HttpServer childServing(AtomicInteger reads) throws java.io.IOException {
        HttpServer child = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        child.createContext("/metrics", ex -> {
            reads.incrementAndGet();
            byte[] body = CHILD.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        child.start();
        return child;
    }
}

package io.netmaker.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT = """
            # HELP netmaker_agent_leader 1 when this pod holds the Lease
            # TYPE netmaker_agent_leader gauge
            netmaker_agent_leader{lease="ns/3820d23d.netmaker.io"} 1.0
            netmaker_agent_port_conflicts_total{role="health"} 2.0
            netmaker_agent_port_conflicts_total{role="proxy"} 0.0
            netmaker_agent_child_restarts_total{reason="exit \\"1\\""} 3
            netmaker_agent_sidecar_ready NaN
            """;

    @Test
    void readsSamplesByNameAndLabels() {
        PrometheusText metrics = PrometheusText.parse(TEXT);
        assertThat(metrics.value("netmaker_agent_leader")).hasValue(1.0);
        assertThat(metrics.value("netmaker_agent_port_conflicts_total", "role", "health")).hasValue(2.0);
        assertThat(metrics.sum("netmaker_agent_port_conflicts_total")).isEqualTo(2.0);
        assertThat(metrics.sum("netmaker_agent_child_restarts_total", "reason", "exit \\\"1\\\"")).isEqualTo(3.0);
        assertThat(metrics.value("netmaker_agent_sidecar_ready").getAsDouble()).isNaN();
        assertThat(metrics.value("absent")).isEmpty();
    }
}

package io.netmaker.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ExitCause;
import io.netmaker.agent.ports.PlannedPort;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortRole;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

    @Test
    void restartReasonsAreTheRestartCausesLabels() {
        assertThat(AgentMetrics.RESTART_REASONS)
                .containsExactly("exit", "signal", "address-in-use", "liveness", "sidecar", "tunnel", "stale-leader");
    }

    @Test
    void aRestartIsCountedUnderItsCauseWhateverItsText() {
        AgentMetrics m = new AgentMetrics("t");
        m.exited(new ChildExit(143, ExitCause.LIVENESS, "restart requested: anything at all", true));
        m.exited(new ChildExit(3, ExitCause.GAVE_UP, "exited with code 3; gave up", false));
        assertThat(m.scrape()).contains("netmaker_agent_child_restarts_total{reason=\"liveness\"} 1.0",
                "netmaker_agent_child_restarts_total{reason=\"exit\"} 0.0");
    }

    @Test
    void aNewPlanReplacesThePortInfoSeries() {
        AgentMetrics m = new AgentMetrics("t");
        m.publish(plan(8081));
        m.publish(plan(8082));
        assertThat(m.scrape()).contains("port=\"8082\",role=\"health\"").doesNotContain("port=\"8081\"");
    }

    @Test
    void noRestartIsCountedWhenTheChildIsNotRestarted() {
        AgentMetrics m = new AgentMetrics("t");
        m.started(1);
        assertThat(m.scrape()).contains("netmaker_agent_child_up 1");
        m.exited(new ChildExit(0, ExitCause.EXIT, "exited with code 0", false));
        assertThat(m.scrape()).contains("netmaker_agent_child_up 0");
        AgentMetrics.RESTART_REASONS.forEach(reason -> assertThat(m.scrape())
                .contains("netmaker_agent_child_restarts_total{reason=\"" + reason + "\"} 0.0"));
    }

    @Test
    void cpuIsExportedAsMicrometerNamesItWithoutTheUsageGaugesThatReadProcOnEveryScrape() {
        String scrape = new AgentMetrics("t").scrape();
        assertThat(scrape).contains("# TYPE process_cpu_time_ns_total counter", "system_cpu_count ",
                "process_uptime_seconds ", "process_files_open_files ", "jvm_memory_used_bytes{");
        assertThat(scrape).doesNotContain("system_cpu_usage", "process_cpu_usage");
    }

    @Test
    void everyChildSeriesExistsFromTheStart() {
        String scrape = new AgentMetrics("t").scrape();
        assertThat(scrape).contains("netmaker_agent_child_up 0", "netmaker_agent_child_last_exit_code 0");
        AgentMetrics.RESTART_REASONS.forEach(reason -> assertThat(scrape)
                .contains("netmaker_agent_child_restarts_total{reason=\"" + reason + "\"} 0.0"));
    }

    private static PortPlan plan(int health) {
        return new PortPlan("r", List.of(new PlannedPort(PortRole.HEALTH, health, "default", health)), List.of());
    }
}

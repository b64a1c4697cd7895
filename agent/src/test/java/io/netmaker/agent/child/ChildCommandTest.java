package io.netmaker.agent.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.ports.PlannedPort;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChildCommandTest {
    static final PortPlan PLAN = new PortPlan("fixed: test", List.of(
            new PlannedPort(PortRole.HEALTH, 8081, "default", 8081),
            new PlannedPort(PortRole.PROXY, 8085, "default", 8085),
            new PlannedPort(PortRole.CHILD_PROBE, 40001, "loopback", 40001),
            new PlannedPort(PortRole.CHILD_METRICS, 40002, "loopback", 40002)), List.of());
    static final ElectionSettings ON = new ElectionSettings(true, "ENABLE_LEADER_ELECTION", "3820d23d.netmaker.io",
            Optional.of("netmaker"), "POD_NAMESPACE");
    static final ElectionSettings OFF = new ElectionSettings(false, "ENABLE_LEADER_ELECTION", "3820d23d.netmaker.io",
            Optional.of("netmaker"), "POD_NAMESPACE");

    @Test
    void addsTheAgentsFlagsAndEnvWithElectionOn() {
        ChildCommand c = ChildCommand.build(List.of("/manager", "--zap-devel"), PLAN, ON);
        assertThat(c.argv()).containsExactly("/manager", "--zap-devel", "--leader-elect=true",
                "--leader-election-id=3820d23d.netmaker.io", "--leader-election-namespace=netmaker",
                "--health-probe-bind-address=127.0.0.1:40001", "--metrics-bind-address=127.0.0.1:40002");
        assertThat(c.envChanges()).isEqualTo(Map.of("PROXY_PORT", "8085", "HEALTH_PROBE_PORT", "40001"));
        assertThat(c.rewrites()).isEmpty();
    }

    @Test
    void explicitFalseReachesTheChildAndDropsLeaseFlags() {
        ChildCommand c = ChildCommand.build(List.of("/manager"), PLAN, OFF);
        assertThat(c.argv()).containsExactly("/manager", "--leader-elect=false",
                "--health-probe-bind-address=127.0.0.1:40001", "--metrics-bind-address=127.0.0.1:40002");
    }

    @Test
    void unknownNamespaceIsNotPassed() {
        ElectionSettings noNs = new ElectionSettings(true, "x", "lease", Optional.empty(), "unknown");
        assertThat(ChildCommand.build(List.of("/m"), PLAN, noNs).argv())
                .contains("--leader-election-id=lease").noneMatch(a -> a.startsWith("--leader-election-namespace"));
    }

    @Test
    void childMetricsOffIsZero() {
        PortPlan off = new PortPlan("r", List.of(PLAN.get(PortRole.HEALTH), PLAN.get(PortRole.PROXY),
                PLAN.get(PortRole.CHILD_PROBE), new PlannedPort(PortRole.CHILD_METRICS, 0, "off", 0)), List.of());
        assertThat(ChildCommand.build(List.of("/m"), off, OFF).argv()).contains("--metrics-bind-address=0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/m --leader-elect=true --x | /m --x --leader-elect=false | --leader-elect true -> false",
            "/m --leader-elect --x | /m --x --leader-elect=false | --leader-elect true -> false",
            "/m --leader-elect false --x | /m --x --leader-elect=false | --leader-elect false -> false",
            "/m -leader-elect=true | /m --leader-elect=false | --leader-elect true -> false",
            "/m --health-probe-bind-address :8081 --x | /m --x --leader-elect=false | "
                    + "--health-probe-bind-address :8081 -> 127.0.0.1:40001",
            "/m --metrics-bind-address=:8080 | /m --leader-elect=false | --metrics-bind-address :8080 -> 127.0.0.1:40002"})
    void userFlagsAreRewrittenNotDuplicated(String given, String prefix, String rewrite) {
        ChildCommand c = ChildCommand.build(List.of(given.split(" ")), PLAN, OFF);
        assertThat(String.join(" ", c.argv())).startsWith(prefix);
        assertThat(c.argv().stream().filter(a -> a.startsWith("--leader-elect")).count()).isEqualTo(1);
        assertThat(c.argv().stream().filter(a -> a.contains("health-probe-bind-address")).count()).isEqualTo(1);
        assertThat(c.argv().stream().filter(a -> a.contains("metrics-bind-address")).count()).isEqualTo(1);
        assertThat(c.rewrites()).containsExactly(rewrite);
    }

    @Test
    void flagsGoBeforeATerminatorAndArgsAfterItAreLeftAlone() {
        List<String> rewrites = new ArrayList<>();
        List<String> argv = ChildCommand.rewrite(List.of("/m", "--a", "--", "--leader-elect=true"),
                Map.of("leader-elect", "false"), rewrites);
        assertThat(argv).containsExactly("/m", "--a", "--leader-elect=false", "--", "--leader-elect=true");
        assertThat(rewrites).isEmpty();
    }

    @Test
    void similarNamesAreNotTouched() {
        ChildCommand c = ChildCommand.build(List.of("/m", "--leader-elect-renew=5s", "--metrics-bind-addresses=x"),
                PLAN, OFF);
        assertThat(c.argv()).contains("--leader-elect-renew=5s", "--metrics-bind-addresses=x");
        assertThat(c.rewrites()).isEmpty();
    }

    @Test
    void anEmptyCommandIsRejected() {
        assertThatThrownBy(() -> ChildCommand.build(List.of(), PLAN, OFF)).isInstanceOf(IllegalArgumentException.class);
    }
}

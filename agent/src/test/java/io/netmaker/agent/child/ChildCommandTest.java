package io.netmaker.agent.child;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.agent.config.ChildDialect;
import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.config.OperatorArgs;
import io.netmaker.agent.ports.PlannedPort;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortRole;
import java.util.HashMap;
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

    private static ChildCommand build(String command, ElectionSettings election, ChildDialect dialect) {
        return ChildCommand.build(OperatorArgs.parse(List.of(command.split(" ")), dialect), PLAN, election, dialect);
    }

    @Test
    void theGoOperatorGetsOnlyUpstreamFlags() {
        ChildCommand c = build("/manager --zap-devel", ON, ChildDialect.NETMAKER_GO);
        assertThat(c.argv()).containsExactly("/manager", "--zap-devel", "--leader-elect=true",
                "--health-probe-bind-address=127.0.0.1:40001", "--metrics-bind-address=127.0.0.1:40002",
                "--metrics-secure=false");
        assertThat(c.argv()).allSatisfy(a -> {
            String name = a.replaceFirst("^--?", "").replaceFirst("=.*", "");
            assertThat(a.equals("/manager") || ChildDialect.NETMAKER_GO.defines(name)).as(a).isTrue();
        });
    }

    @Test
    void theJavaOperatorAlsoGetsTheLeaseFlags() {
        ChildCommand c = build("java -jar operator.jar --zap-devel", ON, ChildDialect.NETMAKER_JAVA);
        assertThat(c.argv()).containsExactly("java", "-jar", "operator.jar", "--zap-devel", "--leader-elect=true",
                "--leader-election-id=3820d23d.netmaker.io", "--leader-election-namespace=netmaker",
                "--health-probe-bind-address=127.0.0.1:40001", "--metrics-bind-address=127.0.0.1:40002",
                "--metrics-secure=false");
    }

    @Test
    void theChildEnvKeepsProxyPortAndLosesHealthProbePort() {
        ChildCommand c = build("/manager", ON, ChildDialect.NETMAKER_GO);
        assertThat(c.envChanges()).isEqualTo(Map.of("PROXY_PORT", "8085"));
        Map<String, String> env = new HashMap<>(Map.of("HEALTH_PROBE_PORT", "8081", "PATH", "/bin"));
        c.applyTo(env);
        assertThat(env).isEqualTo(Map.of("PROXY_PORT", "8085", "PATH", "/bin"));
    }

    @Test
    void electionOffDropsLeaseFlags() {
        assertThat(build("/manager", OFF, ChildDialect.NETMAKER_JAVA).argv()).containsExactly("/manager",
                "--leader-elect=false", "--health-probe-bind-address=127.0.0.1:40001",
                "--metrics-bind-address=127.0.0.1:40002", "--metrics-secure=false");
    }

    @Test
    void childMetricsOffIsZeroAndLeavesMetricsSecureAlone() {
        PortPlan off = new PortPlan("r", List.of(PLAN.get(PortRole.HEALTH), PLAN.get(PortRole.PROXY),
                PLAN.get(PortRole.CHILD_PROBE), new PlannedPort(PortRole.CHILD_METRICS, 0, "off", 0)), List.of());
        ChildDialect go = ChildDialect.NETMAKER_GO;
        assertThat(ChildCommand.build(OperatorArgs.parse(List.of("/m"), go), off, OFF, go).argv())
                .contains("--metrics-bind-address=0").noneMatch(a -> a.contains("metrics-secure"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // Go: flags stay where they are, the agent's values replace the user's in place
            "/m --leader-elect=true --zap-devel | /m --leader-elect=false --zap-devel --health | "
                    + "--leader-elect true -> false",
            "/m --leader-elect --zap-devel | /m --leader-elect=false --zap-devel --health | "
                    + "--leader-elect true -> false",
            "/m -leader-elect=true | /m --leader-elect=false --health | --leader-elect true -> false",
            "/m --health-probe-bind-address :8081 --zap-devel | /m --health-probe-bind-address=127.0.0.1:40001"
                    + " --zap-devel --leader-elect=false | --health-probe-bind-address :8081 -> 127.0.0.1:40001",
            "/m --metrics-bind-address=:8080 | /m --metrics-bind-address=127.0.0.1:40002 --leader-elect=false | "
                    + "--metrics-bind-address :8080 -> 127.0.0.1:40002"})
    void userFlagsAreRewrittenInPlaceNotDuplicated(String given, String prefix, String rewrite) {
        ChildCommand c = build(given, OFF, ChildDialect.NETMAKER_GO);
        assertThat(String.join(" ", c.argv())).startsWith(prefix);
        assertThat(c.argv().stream().filter(a -> a.startsWith("--leader-elect")).count()).isEqualTo(1);
        assertThat(c.argv().stream().filter(a -> a.contains("health-probe-bind-address")).count()).isEqualTo(1);
        assertThat(c.argv().stream().filter(a -> a.contains("metrics-bind-address")).count()).isEqualTo(1);
        assertThat(c.rewrites()).containsExactly(rewrite);
    }

    @Test
    void goFlagsTheAgentAddsGoBeforeTheFirstPositionalArgument() {
        // "--leader-elect false": a Go bool takes no separate value, so "false" is the first positional argument
        ChildCommand c = build("/manager --leader-elect false --zap-devel", OFF, ChildDialect.NETMAKER_GO);
        assertThat(c.argv()).containsExactly("/manager", "--leader-elect=false",
                "--health-probe-bind-address=127.0.0.1:40001", "--metrics-bind-address=127.0.0.1:40002",
                "--metrics-secure=false", "false", "--zap-devel");
    }

    @Test
    void flagsGoBeforeATerminatorAndArgsAfterItAreLeftAlone() {
        ChildCommand c = build("/m --zap-devel -- --leader-elect=true", OFF, ChildDialect.NETMAKER_GO);
        assertThat(c.argv()).containsSubsequence("/m", "--zap-devel", "--leader-elect=false", "--",
                "--leader-elect=true");
        assertThat(c.rewrites()).isEmpty();
        ChildCommand j = build("/m --a -- --leader-elect=true", OFF, ChildDialect.NETMAKER_JAVA);
        assertThat(j.argv()).containsSubsequence("/m", "--a", "--leader-elect=false", "--", "--leader-elect=true");
    }

    @Test
    void similarNamesAreNotTouched() {
        ChildCommand c = build("/m --leader-elect-renew=5s --metrics-bind-addresses=x", OFF,
                ChildDialect.NETMAKER_JAVA);
        assertThat(c.argv()).contains("--leader-elect-renew=5s", "--metrics-bind-addresses=x");
        assertThat(c.rewrites()).isEmpty();
    }

    @Test
    void thePicocliBoolTakesASeparateLiteral() {
        ChildCommand c = build("java -jar op.jar --leader-elect false --x", ON, ChildDialect.NETMAKER_JAVA);
        assertThat(c.argv()).containsSubsequence("op.jar", "--leader-elect=true", "--x");
        assertThat(c.argv()).doesNotContain("false");
        assertThat(c.rewrites()).containsExactly("--leader-elect false -> true");
    }
}

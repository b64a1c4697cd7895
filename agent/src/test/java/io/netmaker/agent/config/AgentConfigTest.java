package io.netmaker.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {
    @TempDir
    Path tmp;

    private AgentConfig parse(Map<String, String> env, List<String> errors) {
        return AgentConfig.parse(new EnvReader(env::get, errors), tmp.resolve("no-namespace-file"), List.of());
    }

    @Test
    void defaults() {
        List<String> errors = new ArrayList<>();
        AgentConfig c = parse(Map.of(), errors);
        assertThat(errors).isEmpty();
        assertThat(c.ports().strategy()).isEqualTo(PortStrategy.AUTO);
        assertThat(c.ports().conflictPolicy()).isEqualTo(ConflictPolicy.NEXT_FREE);
        assertThat(c.ports().reservedPorts()).containsExactly(8080, 8086, 8443, 9443);
        assertThat(c.ports().childMetrics()).isTrue();
        assertThat(c.election().enabled()).isFalse();
        assertThat(c.election().leaseName()).isEqualTo("3820d23d.netmaker.io");
        assertThat(c.election().namespace()).isEmpty();
        assertThat(c.supervision()).isEqualTo(new SupervisionSettings(RestartPolicy.ON_FAILURE, 5,
                Duration.ofSeconds(8), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(1), Path.of("/dev/termination-log"),
                new ChildLivenessSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30))));
        assertThat(c.stateDir()).isEqualTo(Path.of("/tmp/agent"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "-, -, false, default (POD_NAME is not set)",
            "-, pod-0, true, default (POD_NAME is set)",
            "false, pod-0, false, ENABLE_LEADER_ELECTION",
            "0, pod-0, false, ENABLE_LEADER_ELECTION",
            "no, pod-0, false, ENABLE_LEADER_ELECTION",
            "yes, -, true, ENABLE_LEADER_ELECTION",
            "TRUE, -, true, ENABLE_LEADER_ELECTION"})
    void leaderElectionDefaultsToOnWhenPodNameIsSet(String value, String pod, boolean enabled, String source) {
        Map<String, String> env = new java.util.HashMap<>();
        if (value != null) {
            env.put("ENABLE_LEADER_ELECTION", value);
        }
        if (pod != null) {
            env.put("POD_NAME", pod);
        }
        env.put("POD_NAMESPACE", "ops");
        List<String> errors = new ArrayList<>();
        ElectionSettings e = parse(env, errors).election();
        assertThat(errors).isEmpty();
        assertThat(e.enabled()).isEqualTo(enabled);
        assertThat(e.enabledSource()).isEqualTo(source);
    }

    @Test
    void namespaceFromVariableElseServiceAccountFile() throws IOException {
        Path file = tmp.resolve("namespace");
        Files.writeString(file, "netmaker\n");
        EnvReader env = new EnvReader(Map.<String, String>of()::get);
        ElectionSettings fromFile = AgentConfig.parse(env, file, List.of()).election();
        assertThat(fromFile.namespace()).contains("netmaker");
        assertThat(fromFile.namespaceSource()).isEqualTo(file.toString());
        ElectionSettings fromVar = AgentConfig.parse(new EnvReader(Map.of("POD_NAMESPACE", "ops",
                "AGENT_CHILD_DIALECT", "netmaker-java")::get), file, List.of()).election();
        assertThat(fromVar.namespace()).contains("ops");
        assertThat(fromVar.namespaceSource()).isEqualTo("POD_NAMESPACE");
    }

    @Test
    void theGoOperatorElectsInTheServiceAccountNamespaceOnly() throws IOException {
        Path file = tmp.resolve("namespace");
        Files.writeString(file, "netmaker\n");
        List<String> errors = new ArrayList<>();
        ElectionSettings e = AgentConfig.parse(new EnvReader(Map.of("POD_NAMESPACE", "ops", "POD_NAME", "p")::get,
                errors), file, List.of("/manager")).election();
        assertThat(e.namespace()).contains("netmaker");
        assertThat(errors).singleElement().asString().contains("invalid POD_NAMESPACE=\"ops\"",
                "the service-account namespace \"netmaker\" for AGENT_CHILD_DIALECT=netmaker-go");
        errors.clear();
        AgentConfig.parse(new EnvReader(Map.of("AGENT_LEADER_ELECTION_ID", "other.lease")::get, errors), file,
                List.of("/manager"));
        assertThat(errors).singleElement().asString().contains("invalid AGENT_LEADER_ELECTION_ID=\"other.lease\"");
        errors.clear();
        AgentConfig.parse(new EnvReader(Map.of("AGENT_CHILD_DIALECT", "kubebuilder", "POD_NAME", "p")::get, errors),
                file, List.of("/manager"));
        assertThat(errors).singleElement().asString().contains("missing AGENT_LEADER_ELECTION_ID");
    }

    @Test
    void electionPrecedenceIsAgentFlagThenOperatorArgThenVariableThenPodName() {
        Map<String, String> env = Map.of("POD_NAME", "p", "POD_NAMESPACE", "ops", "ENABLE_LEADER_ELECTION", "false");
        // upstream's kustomize manifest: --leader-elect in args and ENABLE_LEADER_ELECTION=false; the flag wins in Go
        ElectionSettings e = AgentConfig.parse(new EnvReader(env::get), tmp.resolve("none"),
                List.of("/manager", "--leader-elect", "--health-probe-bind-address=:8081")).election();
        assertThat(e.enabled()).isTrue();
        assertThat(e.enabledSource()).isEqualTo("operator argument --leader-elect");
        ElectionSettings agentFlag = AgentConfig.parse(new EnvReader(env::get,
                Map.of("ENABLE_LEADER_ELECTION", new EnvReader.FlagValue("--leader-elect", "false")),
                new ArrayList<>()), tmp.resolve("none"), List.of("/manager", "--leader-elect")).election();
        assertThat(agentFlag.enabled()).isFalse();
        assertThat(agentFlag.enabledSource()).isEqualTo("agent flag --leader-elect");
        ElectionSettings positional = AgentConfig.parse(new EnvReader(env::get), tmp.resolve("none"),
                List.of("/manager", "x", "--leader-elect")).election();
        assertThat(positional.enabled()).isFalse();
        assertThat(positional.enabledSource()).isEqualTo("ENABLE_LEADER_ELECTION");
    }

    @Test
    void everyBadValueIsReportedTogetherNamingVariableValueAndAllowed() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("HEALTH_PROBE_PORT", "80x"),
                Map.entry("PROXY_PORT", "70000"),
                Map.entry("ENABLE_LEADER_ELECTION", "maybe"),
                Map.entry("AGENT_PORT_STRATEGY", "random"),
                Map.entry("AGENT_HOST_NETWORK", "sure"),
                Map.entry("AGENT_PORT_CONFLICT_POLICY", "retry"),
                Map.entry("AGENT_RESERVED_PORTS", "8080,x"),
                Map.entry("AGENT_CHILD_METRICS", "off"),
                Map.entry("AGENT_CHILD_PROBE_TIMEOUT", "1"),
                Map.entry("AGENT_SHUTDOWN_GRACE", "8 seconds"),
                Map.entry("AGENT_RESTART_POLICY", "sometimes"),
                Map.entry("AGENT_MAX_RESTARTS", "-1"),
                Map.entry("AGENT_RESTART_BACKOFF", "1x"),
                Map.entry("AGENT_RESTART_BACKOFF_MAX", "forever"),
                Map.entry("AGENT_RESTART_RESET_AFTER", "1d"));
        List<String> errors = new ArrayList<>();
        parse(env, errors);
        assertThat(errors).containsExactlyInAnyOrder(
                "invalid HEALTH_PROBE_PORT=\"80x\": must be a port number from 1 to 65535",
                "invalid PROXY_PORT=\"70000\": must be a port number from 1 to 65535",
                "invalid ENABLE_LEADER_ELECTION=\"maybe\": must be true, false, 1, 0, t, f, yes or no",
                "invalid AGENT_PORT_STRATEGY=\"random\": must be one of auto, hash, fixed",
                "invalid AGENT_HOST_NETWORK=\"sure\": must be true, false, 1, 0, t, f, yes or no",
                "invalid AGENT_PORT_CONFLICT_POLICY=\"retry\": must be one of next-free, fail",
                "invalid AGENT_RESERVED_PORTS=\"8080,x\": must be a comma-separated list of port numbers from 1 to"
                        + " 65535",
                "invalid AGENT_CHILD_METRICS=\"off\": must be true, false, 1, 0, t, f, yes or no",
                "invalid AGENT_CHILD_PROBE_TIMEOUT=\"1\": must be a duration like 8s, 500ms or 1m30s",
                "invalid AGENT_SHUTDOWN_GRACE=\"8 seconds\": must be a duration like 8s, 500ms or 1m30s",
                "invalid AGENT_RESTART_POLICY=\"sometimes\": must be one of on-failure, always, never",
                "invalid AGENT_MAX_RESTARTS=\"-1\": must be a whole number of at least 0",
                "invalid AGENT_RESTART_BACKOFF=\"1x\": must be a duration like 8s, 500ms or 1m30s",
                "invalid AGENT_RESTART_BACKOFF_MAX=\"forever\": must be a duration like 8s, 500ms or 1m30s",
                "invalid AGENT_RESTART_RESET_AFTER=\"1d\": must be a duration like 8s, 500ms or 1m30s");
    }

    @Test
    void contradictionsAreErrorsToo() {
        List<String> errors = new ArrayList<>();
        parse(Map.of("HEALTH_PROBE_PORT", "9000", "PROXY_PORT", "9000", "AGENT_RESTART_BACKOFF", "10s",
                "AGENT_RESTART_BACKOFF_MAX", "1s", "AGENT_CHILD_PROBE_TIMEOUT", "0"), errors);
        assertThat(errors).containsExactlyInAnyOrder(
                "invalid PROXY_PORT=\"9000\": must be different from HEALTH_PROBE_PORT (9000)",
                "invalid AGENT_RESTART_BACKOFF_MAX=\"1000ms\": must be at least AGENT_RESTART_BACKOFF (10000ms)",
                "invalid AGENT_CHILD_PROBE_TIMEOUT=\"0\": must be a duration above 0 like 1s");
    }

    @Test
    void flagsWinOverEnvironment() {
        List<String> errors = new ArrayList<>();
        EnvReader env = new EnvReader(Map.of("HEALTH_PROBE_PORT", "9000", "AGENT_RESTART_POLICY", "never")::get,
                Map.of("HEALTH_PROBE_PORT", new EnvReader.FlagValue("--health-probe-port", "9100"),
                        "ENABLE_LEADER_ELECTION", new EnvReader.FlagValue("--leader-elect", "false")), errors);
        AgentConfig c = AgentConfig.parse(env, tmp.resolve("none"), List.of());
        assertThat(errors).isEmpty();
        assertThat(c.ports().healthProbePort()).hasValue(9100);
        assertThat(c.election().enabled()).isFalse();
        assertThat(c.supervision().restartPolicy()).isEqualTo(RestartPolicy.NEVER);
    }

    @Test
    void everySettingIsReadSoNoneIsReportedUnknown() {
        EnvReader env = new EnvReader(Map.<String, String>of()::get);
        AgentConfig.parse(env, tmp.resolve("none"), List.of());
        List<String> names = Settings.ALL.stream().map(Setting::env).toList();
        assertThat(env.unknownAgentVariables(names)).isEmpty();
        assertThat(env.readNames()).containsAll(names);
        assertThat(Optional.of(env.unknownAgentVariables(List.of("AGENT_RESTART_POLCY")))).contains(
                java.util.Set.of("AGENT_RESTART_POLCY"));
    }
}

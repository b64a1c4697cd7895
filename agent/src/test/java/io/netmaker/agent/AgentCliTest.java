package io.netmaker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCliTest {
    private static final String POD = "netmaker-k8s-ops-multi-7d9f8c6b5-abcde";

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new AgentCli(env::get, env.keySet(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), tmp.resolve("ns"), () -> "test-host")
                .execute(args);
    }

    @Test
    void planPrintsEveryPortWithItsSourceElectionAndTheChild() {
        int code = run(Map.of("POD_NAME", POD, "AGENT_PORT_STRATEGY", "hash", "POD_NAMESPACE", "ops"), "plan",
                "--", "/manager", "--leader-elect=false");
        assertThat(code).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("port rule: hash: AGENT_PORT_STRATEGY=hash")
                .containsPattern("port health +\\d+ +source=(hash\\(POD_NAME\\)|next-free seed=8644)")
                .containsPattern("port proxy +\\d+ +source=(hash\\(POD_NAME\\)|next-free seed=8648)")
                .contains("leader election: false (operator argument --leader-elect)")
                .contains("lease: 3820d23d.netmaker.io namespace=ops (POD_NAMESPACE)")
                .contains("child dialect: netmaker-go")
                .contains("child argv: /manager --leader-elect=false --health-probe-bind-address=127.0.0.1:")
                .contains("child env: PROXY_PORT=")
                .contains("child env removed: HEALTH_PROBE_PORT")
                .contains("child flag rewritten: --leader-elect false -> false");
    }

    @Test
    void planForTheJavaOperatorPassesItsLeaseFlags() {
        int code = run(Map.of("POD_NAME", POD, "POD_NAMESPACE", "ops", "AGENT_CHILD_DIALECT", "netmaker-java"),
                "plan", "--", "java", "-jar", "operator.jar");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("leader election: true (default (POD_NAME is set))")
                .contains("child argv: java -jar operator.jar --leader-elect=true"
                        + " --leader-election-id=3820d23d.netmaker.io --leader-election-namespace=ops");
    }

    @Test
    void electionOnWithoutANamespaceIsAConfigError() {
        assertThat(run(Map.of("POD_NAME", POD), "plan")).isEqualTo(2);
        assertThat(err.toString()).contains("the Lease namespace is unknown");
    }

    @Test
    void planAsJsonHasTheHashSeeds() {
        assertThat(run(Map.of("POD_NAME", POD, "POD_NAMESPACE", "ops", "AGENT_PORT_STRATEGY", "hash"), "plan",
                "--output", "json")).isZero();
        String json = out.toString(StandardCharsets.UTF_8).replaceAll("\\s", "");
        assertThat(json).contains("\"health\":{\"port\":").contains("\"seed\":8644")
                .contains("\"seed\":8648").contains("\"argv\":[\"<operator>\"");
    }

    @Test
    void operatorArgumentsAfterTheSeparatorAreLeftAlone() {
        assertThat(run(Map.of(), "plan", "--state-dir", tmp.toString(), "--", "/manager", "@args", "--proxy-port=1",
                "-h")).isZero();
        // Go flag rules: "@args" is the first positional argument; nothing after it is read as a flag
        assertThat(out.toString()).contains("child argv: /manager --leader-elect=false")
                .contains("--metrics-secure=false @args --proxy-port=1 -h\n");
    }

    @Test
    void flagsWinOverEnvironment() {
        assertThat(run(Map.of("ENABLE_LEADER_ELECTION", "true"), "plan", "--leader-elect=false")).isZero();
        assertThat(out.toString()).contains("leader election: false (agent flag --leader-elect)");
    }

    @Test
    void everyBadValueIsReportedOnceWithExit2() {
        int code = run(Map.of("HEALTH_PROBE_PORT", "80x", "AGENT_RESTART_POLICY", "sometimes"), "run",
                "--shutdown-grace", "soon", "--", "true");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("""
                agent: configuration errors (3), nothing was started:
                  invalid HEALTH_PROBE_PORT="80x": must be a port number from 1 to 65535
                  invalid AGENT_RESTART_POLICY="sometimes": must be one of on-failure, always, never
                  invalid --shutdown-grace (AGENT_SHUTDOWN_GRACE)="soon": must be a duration like 8s, 500ms or 1m30s
                """);
    }

    @Test
    void aRuleBrokenByAFlagValueNamesTheFlag() {
        assertThat(run(Map.of(), "run", "--child-probe-timeout=0", "--proxy-port=9000", "--health-probe-port=9000",
                "--", "true")).isEqualTo(2);
        assertThat(err.toString()).contains(
                "invalid --child-probe-timeout (AGENT_CHILD_PROBE_TIMEOUT)=\"0\": must be a duration above 0 like 1s",
                "invalid --proxy-port (PROXY_PORT)=\"9000\": must be different from HEALTH_PROBE_PORT (9000)");
    }

    @Test
    void theFastPathReportsErrorsTheSameWay() {
        assertThat(run(Map.of("HEALTH_PROBE_PORT", "80x"), "run", "--", "true")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("""
                agent: configuration error, nothing was started:
                  invalid HEALTH_PROBE_PORT="80x": must be a port number from 1 to 65535
                """);
    }

    @Test
    void runWithoutACommandIsAnError() {
        assertThat(run(Map.of(), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("no operator command");
        err.reset();
        assertThat(run(Map.of(), "run", "--")).isEqualTo(2);
        assertThat(err.toString()).contains("no operator command");
    }

    @Test
    void unknownOptionsAndOutputsAreErrors() {
        assertThat(run(Map.of(), "run", "--helth-probe-port=1", "--", "true")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--helth-probe-port=1'")
                .contains("run 'agent run --help' for usage");
        err.reset();
        assertThat(run(Map.of(), "plan", "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("run 'agent plan --help' for usage");
        err.reset();
        assertThat(run(Map.of(), "plan", "-o", "yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid --output=\"yaml\": must be text or json");
    }

    @Test
    void versionAndHelp() {
        assertThat(run(Map.of(), "version")).isZero();
        assertThat(out.toString()).startsWith("agent ");
        out.reset();
        assertThat(run(Map.of(), "run", "--help")).isZero();
        assertThat(out.toString()).contains("--health-probe-port", "HEALTH_PROBE_PORT", "--restart-policy");
        assertThat(run(Map.of())).isEqualTo(2);
    }

    @Test
    void theLeaderAndSidecarSettingsAreReportedWithTheCoresInOneList() {
        assertThat(run(Map.of("AGENT_SIDECAR_WAIT", "perhaps", "AGENT_READINESS_POLICY", "sometimes",
                "HEALTH_PROBE_PORT", "x"), "plan")).isEqualTo(2);
        assertThat(err.toString()).contains("configuration errors (3), nothing was started:",
                "HEALTH_PROBE_PORT=\"x\"", "AGENT_SIDECAR_WAIT=\"perhaps\"", "AGENT_READINESS_POLICY=\"sometimes\"");
    }
}

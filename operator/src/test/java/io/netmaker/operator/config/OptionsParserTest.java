package io.netmaker.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsParserTest {
    private final Map<String, String> env = new HashMap<>();
    @TempDir
    Path dir;

    private ParseResult parse(String... args) {
        return new OptionsParser(env::get, dir.resolve("namespace"), () -> "node-1").parse(args);
    }

    private OperatorOptions run(String... args) {
        ParseResult result = parse(args);
        assertThat(result).isInstanceOf(ParseResult.Run.class);
        return ((ParseResult.Run) result).options();
    }

    private java.util.List<String> errors(String... args) {
        ParseResult result = parse(args);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        return ((ParseResult.Invalid) result).errors();
    }

    @Test
    void defaultsMatchControllerRuntime() {
        OperatorOptions o = run();
        assertThat(o.leaderElect()).isFalse();
        assertThat(o.probeAddress()).isEqualTo(new BindAddress(null, 8081, true));
        assertThat(o.metricsAddress().enabled()).isFalse();
        assertThat(o.leaderElectionId()).isEqualTo("3820d23d.netmaker.io");
        assertThat(o.timings()).isEqualTo(ElectionTimings.DEFAULTS);
        assertThat(o.kubeconfig()).isNull();
        assertThat(o.proxyPort()).isEqualTo(8085);
        assertThat(o.proxy().netclientImage()).isEqualTo("gravitl/netclient:v1.4.0");
        assertThat(o.identity()).matches("node-1_[0-9a-f-]{36}");
    }

    @Test
    void booleansTakeTheGoForms() {
        env.put("POD_NAMESPACE", "netmaker");
        assertThat(run("--leader-elect").leaderElect()).isTrue();
        assertThat(run("--leader-elect=true").leaderElect()).isTrue();
        assertThat(run("--leader-elect=false").leaderElect()).isFalse();
        assertThat(run("-leader-elect=1").leaderElect()).isTrue();
        assertThat(run("--leader-elect", "--leader-elect=F").leaderElect()).isFalse();
    }

    @Test
    void flagsAndEnvironmentAreRead() {
        env.put("POD_NAME", "operator-7d9f-abcde");
        env.put("POD_NAMESPACE", "netmaker");
        env.put("PROXY_PORT", "8185");
        env.put("NETCLIENT_IMAGE", "registry.local/netclient:1");
        OperatorOptions o = run("--leader-elect", "--health-probe-bind-address=127.0.0.1:9440",
                "--metrics-bind-address", ":8443", "--leader-election-id=my-lease",
                "--lease-duration=4s", "--renew-deadline=3s", "--retry-period=500ms", "--kubeconfig=/tmp/kc");
        assertThat(o.identity()).isEqualTo("operator-7d9f-abcde");
        assertThat(o.leaderElectionNamespace()).isEqualTo("netmaker");
        assertThat(o.probeAddress()).isEqualTo(new BindAddress("127.0.0.1", 9440, true));
        assertThat(o.metricsAddress()).isEqualTo(new BindAddress(null, 8443, true));
        assertThat(o.leaderElectionId()).isEqualTo("my-lease");
        assertThat(o.timings()).isEqualTo(new ElectionTimings(
                Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500)));
        assertThat(o.kubeconfig()).isEqualTo("/tmp/kc");
        assertThat(o.proxyPort()).isEqualTo(8185);
        assertThat(o.proxy().netclientImage()).isEqualTo("registry.local/netclient:1");
    }

    @Test
    void healthProbePortOverridesThePortAndKeepsTheHost() {
        env.put("HEALTH_PROBE_PORT", "8181");
        assertThat(run().probeAddress()).isEqualTo(new BindAddress(null, 8181, true));
        assertThat(run("--health-probe-bind-address=127.0.0.1:8081").probeAddress())
                .isEqualTo(new BindAddress("127.0.0.1", 8181, true));
    }

    @Test
    void zeroTurnsServersOff() {
        OperatorOptions o = run("--health-probe-bind-address=0", "--metrics-bind-address=0");
        assertThat(o.probeAddress().enabled()).isFalse();
        assertThat(o.metricsAddress().enabled()).isFalse();
    }

    @Test
    void namespaceComesFromFlagThenEnvThenServiceAccountFile() throws IOException {
        Files.writeString(dir.resolve("namespace"), "from-file\n");
        assertThat(run("--leader-elect").leaderElectionNamespace()).isEqualTo("from-file");
        env.put("POD_NAMESPACE", "from-env");
        assertThat(run("--leader-elect").leaderElectionNamespace()).isEqualTo("from-env");
        assertThat(run("--leader-elect", "--leader-election-namespace=from-flag").leaderElectionNamespace())
                .isEqualTo("from-flag");
    }

    @Test
    void electionWithoutNamespaceIsAClearError() {
        assertThat(errors("--leader-elect")).singleElement().asString()
                .contains("--leader-election-namespace is required").contains("POD_NAMESPACE");
        assertThat(run("--leader-elect=false").leaderElectionNamespace()).isNull();
    }

    @Test
    void everyErrorIsReportedTogether() {
        env.put("HEALTH_PROBE_PORT", "http");
        env.put("PROXY_PORT", "70000");
        assertThat(errors("--bogus", "--leader-elect=maybe", "--retry-period=2", "--metrics-bind-address=8080",
                "extra"))
                .containsExactlyInAnyOrder(
                        "unknown flag: --bogus",
                        "unexpected argument: extra (the operator takes flags only)",
                        "--leader-elect: invalid boolean \"maybe\" (use true or false; 1, 0, t, f, TRUE, FALSE also work)",
                        "--metrics-bind-address: invalid bind address \"8080\" (use :PORT for all interfaces, "
                                + "HOST:PORT for one address, or 0 to turn it off)",
                        "--retry-period: invalid duration \"2\" (use Go form: a number and a unit ns, us, ms, s, m, h; "
                                + "e.g. 500ms, 15s, 1m30s)",
                        "HEALTH_PROBE_PORT: invalid port \"http\" (use 1-65535)",
                        "PROXY_PORT: invalid port \"70000\" (use 1-65535)");
    }

    @Test
    void timingRulesNameTheRuleLikeClientGo() {
        env.put("POD_NAMESPACE", "ns");
        assertThat(errors("--leader-elect", "--lease-duration=10s", "--renew-deadline=10s", "--retry-period=9s"))
                .containsExactly(
                        "--lease-duration (10s) must be greater than --renew-deadline (10s): "
                                + "leaseDuration must be greater than renewDeadline",
                        "--renew-deadline (10s) must be greater than 1.2 x --retry-period (9s x 1.2 = 10.8s): "
                                + "renewDeadline must be greater than retryPeriod*JitterFactor");
        assertThat(errors("--leader-elect", "--retry-period=0")).containsExactly(
                "--retry-period (0s) must be greater than zero");
        assertThat(run("--leader-elect", "--lease-duration=2s", "--renew-deadline=1500ms", "--retry-period=200ms")
                .timings().retryPeriod()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void helpIsARequestNotAnError() {
        ParseResult result = parse("--help");
        assertThat(result).isInstanceOf(ParseResult.Help.class);
        assertThat(((ParseResult.Help) result).usage()).contains("--leader-elect", "--health-probe-bind-address",
                "--metrics-bind-address", "--leader-election-id", "--leader-election-namespace", "--lease-duration",
                "--renew-deadline", "--retry-period", "--kubeconfig", "HEALTH_PROBE_PORT", "POD_NAME");
    }
}

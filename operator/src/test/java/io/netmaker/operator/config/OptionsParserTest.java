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
        assertThat(o.timings()).isEqualTo(new ElectionTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2)));
        assertThat(o.kubeconfig()).isNull();
        assertThat(o.apiProxy()).isEqualTo(ApiProxyOptions.secure(8085, null, "netmaker"));
        assertThat(o.proxy().netclientImage()).isEqualTo("gravitl/netclient:v1.4.0");
        assertThat(o.identity()).matches("node-1_[0-9a-f-]{36}");
        assertThat(o.logLevel()).isNull();
        assertThat(((ParseResult.Run) parse()).warnings()).isEmpty();
    }

    @Test
    void leaderElectionDefaultsOnInAPodLikeTheGoOperatorButFalseReallyTurnsItOff() {
        env.put("POD_NAMESPACE", "netmaker");
        env.put("POD_NAME", "operator-0");
        assertThat(run().leaderElect()).isTrue();
        assertThat(run("--leader-elect=false").leaderElect()).isFalse();
        env.put("ENABLE_LEADER_ELECTION", "false");
        assertThat(run().leaderElect()).isFalse();
        assertThat(run("--leader-elect").leaderElect()).isTrue();
        env.remove("POD_NAME");
        env.put("ENABLE_LEADER_ELECTION", "true");
        assertThat(run().leaderElect()).isTrue();
        env.put("ENABLE_LEADER_ELECTION", "yes");
        assertThat(run().leaderElect()).isTrue();
        env.put("ENABLE_LEADER_ELECTION", "maybe");
        assertThat(errors()).containsExactly("ENABLE_LEADER_ELECTION: invalid boolean \"maybe\" "
                + "(use true, false, 1, 0, t, f, yes or no)");
        assertThat(run("--leader-elect=false").leaderElect()).as("the env is not read when the flag is given")
                .isFalse();
    }

    @Test
    void aDefaultElectionWithoutNamespaceSaysWhyItIsOn() {
        env.put("POD_NAME", "operator-0");
        assertThat(errors()).singleElement().asString()
                .contains("on by default because POD_NAME is set; pass --leader-elect=false to turn it off");
    }

    @Test
    void metricsSecureIsAcceptedOnlyWhereNothingIsServedInsecurely() {
        assertThat(run("--metrics-secure=false", "--metrics-bind-address=:8080").metricsAddress().port())
                .isEqualTo(8080);
        assertThat(run("--metrics-secure").metricsAddress().enabled()).as("metrics off: nothing to secure").isFalse();
        assertThat(errors("--metrics-bind-address=:8443", "--metrics-secure")).containsExactly(
                "--metrics-secure=true is not supported: this operator serves /metrics over plain HTTP without "
                        + "authentication; pass --metrics-secure=false, or scrape the agent's /metrics instead");
        assertThat(errors("--metrics-bind-address=:8443", "--metrics-secure=true")).hasSize(1);
        assertThat(errors("--metrics-secure=yes")).singleElement().asString().startsWith("--metrics-secure: invalid");
    }

    @Test
    void http2IsAcceptedAndTrueOnlyWarns() {
        assertThat(((ParseResult.Run) parse("--enable-http2=false")).warnings()).isEmpty();
        assertThat(((ParseResult.Run) parse("--enable-http2")).warnings()).containsExactly(
                "--enable-http2=true has no effect: the probe, metrics and API proxy servers speak HTTP/1.1 only");
        assertThat(errors("--enable-http2=on")).singleElement().asString().startsWith("--enable-http2: invalid boolean");
    }

    @Test
    void zapFlagsAreValidatedLikeZapAndTheLevelIsMapped() {
        assertThat(run("--zap-log-level=debug").logLevel()).isEqualTo("debug");
        assertThat(run("--zap-log-level=INFO").logLevel()).isEqualTo("info");
        assertThat(run("--zap-log-level", "error").logLevel()).isEqualTo("error");
        assertThat(run("--zap-log-level=1").logLevel()).isEqualTo("debug");
        assertThat(run("-zap-log-level=5").logLevel()).isEqualTo("trace");
        OperatorOptions o = run("--zap-devel", "--zap-devel=false", "--zap-encoder=json", "--zap-encoder=Console",
                "--zap-stacktrace-level=panic", "--zap-time-encoding=rfc3339nano", "--zap-time-encoding=iso8601");
        assertThat(o.logLevel()).isNull();
        assertThat(errors("--zap-log-level=0", "--zap-log-level=warn")).containsExactly(
                "--zap-log-level: invalid log level \"warn\" (use debug, info, error or an integer above 0)");
        assertThat(errors("--zap-log-level=0")).containsExactly(
                "--zap-log-level: invalid log level \"0\" (use debug, info, error or an integer above 0)");
        assertThat(errors("--zap-devel=yes", "--zap-encoder=text", "--zap-stacktrace-level=warn",
                "--zap-time-encoding=nano")).containsExactly(
                "--zap-devel: invalid boolean \"yes\" (use true or false; 1, 0, t, f, TRUE, FALSE also work)",
                "--zap-encoder: invalid encoder value \"text\" (use json or console)",
                "--zap-stacktrace-level: invalid stacktrace level \"warn\" (use info, error or panic)",
                "--zap-time-encoding: invalid time-encoding value \"nano\" (use epoch, millis, nanos, iso8601, "
                        + "rfc3339 or rfc3339nano)");
    }

    @Test
    void aKubebuilderManifestStarts() {
        env.put("POD_NAMESPACE", "netmaker");
        ParseResult result = parse("--leader-elect", "--health-probe-bind-address=:8081",
                "--metrics-bind-address=:8443", "--metrics-secure=false", "--enable-http2=false", "--zap-devel=true",
                "--zap-log-level=info", "--zap-encoder=console", "--zap-stacktrace-level=error",
                "--zap-time-encoding=epoch");
        assertThat(result).isInstanceOf(ParseResult.Run.class);
        assertThat(((ParseResult.Run) result).warnings()).isEmpty();
    }

    @Test
    void theProxyModeDefaultsToAuthWithALowPrivilegeIdentityAndNoauthIsExplicit() throws IOException {
        ApiProxyOptions defaults = run().apiProxy();
        assertThat(defaults.mode()).isEqualTo(ProxyMode.AUTH);
        assertThat(defaults.identities().forPeer("10.101.0.9"))
                .isEqualTo(new ProxyIdentity("wireguard-peer", java.util.List.of("system:authenticated", "wireguard-peers")));
        env.put("PROXY_MODE", "NoAuth");
        assertThat(run().apiProxy().mode()).isEqualTo(ProxyMode.NOAUTH);
        env.put("PROXY_MODE", "off");
        assertThat(run().apiProxy().mode()).isEqualTo(ProxyMode.OFF);
        env.put("PROXY_MODE", "none");
        assertThat(errors()).containsExactly("PROXY_MODE: invalid proxy mode \"none\" (use auth, noauth or off)");

        env.put("PROXY_MODE", "auth");
        env.put("PROXY_IMPERSONATE_USER", "peer");
        env.put("PROXY_IMPERSONATE_GROUPS", "peers, readers,");
        Path map = Files.writeString(dir.resolve("peers"), """
                # peer IP, user, groups
                10.101.0.7   alice  ops,readers
                10.101.0.8   bob
                """);
        env.put("PROXY_IDENTITY_MAP", map.toString());
        ProxyIdentity.Mapping ids = run().apiProxy().identities();
        assertThat(ids.forPeer("10.101.0.9")).isEqualTo(new ProxyIdentity("peer", java.util.List.of("peers", "readers")));
        assertThat(ids.forPeer("10.101.0.7")).isEqualTo(new ProxyIdentity("alice", java.util.List.of("ops", "readers")));
        assertThat(ids.forPeer("10.101.0.8")).isEqualTo(new ProxyIdentity("bob", java.util.List.of()));

        Files.writeString(map, "10.101.0.7 alice\nnot-an-ip carol\n10.101.0.7 dave\n10.101.0.9\n10.101.0.10 eve system:masters\n");
        env.put("PROXY_IMPERSONATE_GROUPS", "system:masters");
        assertThat(errors()).containsExactly(
                "PROXY_IMPERSONATE_USER/PROXY_IMPERSONATE_GROUPS: group system:masters is refused (it bypasses RBAC); "
                        + "use a group bound to a narrow Role",
                "PROXY_IDENTITY_MAP line 2: invalid IP address \"not-an-ip\" (use an IPv4 or IPv6 address, e.g. 10.101.0.5)",
                "PROXY_IDENTITY_MAP line 3: peer 10.101.0.7 is mapped twice",
                "PROXY_IDENTITY_MAP line 4: expected \"PEER_IP USER [GROUP,GROUP...]\", got \"10.101.0.9\"",
                "PROXY_IDENTITY_MAP line 5: group system:masters is refused (it bypasses RBAC); use a group bound to a "
                        + "narrow Role");
        env.put("PROXY_IMPERSONATE_GROUPS", "");
        env.put("PROXY_IDENTITY_MAP", dir.resolve("missing").toString());
        assertThat(errors()).singleElement().asString().startsWith("PROXY_IDENTITY_MAP: cannot read");
    }

    @Test
    void watchNamespaceDefaultsToTheOperatorsOwnAndEmptyMeansAll() throws IOException {
        assertThat(run().watchNamespaces()).as("no namespace known: the client's").isNull();
        Files.writeString(dir.resolve("namespace"), "netmaker\n");
        assertThat(run().watchNamespaces()).containsExactly("netmaker");
        env.put("POD_NAMESPACE", "ops");
        assertThat(run().watchNamespaces()).containsExactly("ops");
        env.put("WATCH_NAMESPACE", "");
        assertThat(run().watchNamespaces()).isEmpty();
        env.put("WATCH_NAMESPACE", " apps, web ,apps");
        assertThat(run().watchNamespaces()).containsExactly("apps", "web");
        env.put("WATCH_NAMESPACE", "apps,Web_1");
        assertThat(errors()).containsExactly("WATCH_NAMESPACE: invalid namespace \"Web_1\" (use DNS-1123 labels "
                + "separated by commas, or an empty value for all namespaces)");
    }

    @Test
    void theApiProxyAddressComesFromTheEnvironment() {
        env.put("PROXY_BIND_IP", " 10.101.0.5 ");
        env.put("IFACE_NAME", "nm-wg0");
        env.put("PROXY_PORT", "9085");
        assertThat(run().apiProxy()).isEqualTo(ApiProxyOptions.secure(9085, "10.101.0.5", "nm-wg0"));
        env.put("PROXY_BIND_IP", "fd00::5");
        assertThat(run().apiProxy().bindIp()).isEqualTo("fd00:0:0:0:0:0:0:5");
        env.put("PROXY_BIND_IP", "0.0.0.0");
        ParseResult.Run all = (ParseResult.Run) parse();
        assertThat(all.options().apiProxy().bindIp()).isEqualTo("0.0.0.0");
        assertThat(all.warnings()).singleElement().asString().startsWith("PROXY_BIND_IP=0.0.0.0 binds every interface");
        for (String bad : new String[] {"netmaker.local", "10.0.0.256", "10.0.0", "eth0"}) {
            env.put("PROXY_BIND_IP", bad);
            assertThat(errors()).containsExactly("PROXY_BIND_IP: invalid IP address \"" + bad
                    + "\" (use an IPv4 or IPv6 address, e.g. 10.101.0.5)");
        }
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
        assertThat(o.apiProxy().port()).isEqualTo(8185);
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
                        "--retry-period: invalid duration \"2\": missing unit (use a number and a unit ns, us, ms, s, "
                                + "m or h, e.g. 500ms, 15s, 1m30s, 1.5h)",
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
                "--renew-deadline", "--retry-period", "--kubeconfig", "HEALTH_PROBE_PORT", "POD_NAME",
                "--metrics-secure", "--enable-http2", "--zap-devel", "--zap-encoder", "--zap-log-level",
                "--zap-stacktrace-level", "--zap-time-encoding", "ENABLE_LEADER_ELECTION", "PROXY_BIND_IP", "IFACE_NAME");
    }
}

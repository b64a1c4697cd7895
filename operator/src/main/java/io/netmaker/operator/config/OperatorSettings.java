package io.netmaker.operator.config;

import static io.netmaker.operator.config.OperatorSetting.Default.computed;
import static io.netmaker.operator.config.OperatorSetting.Default.value;

import io.netmaker.operator.config.OperatorSetting.Flag;
import java.util.List;

/**
 * Every input the operator reads, in one place: the parser takes each default from here, the usage text and the
 * README's operator table (checked row by row by a test) are written from it.
 */
public final class OperatorSettings {
    public static final OperatorSetting LEADER_ELECT = new OperatorSetting("ENABLE_LEADER_ELECTION",
            Flag.bool("--leader-elect"),
            computed("flag, else ENABLE_LEADER_ELECTION, else true when POD_NAME is set, else false"),
            "Lease leader election; only the holder runs the controllers");
    public static final OperatorSetting PROBE_ADDRESS = new OperatorSetting(null,
            Flag.value("--health-probe-bind-address"), value(":8081"),
            "/healthz, /readyz; :PORT all interfaces, HOST:PORT one address, 0 off");
    public static final OperatorSetting METRICS_ADDRESS = new OperatorSetting(null,
            Flag.value("--metrics-bind-address"), value("0"), "Prometheus /metrics, same forms (0 off)");
    public static final OperatorSetting LEADER_ELECTION_ID = new OperatorSetting(null,
            Flag.value("--leader-election-id"), value("3820d23d.netmaker.io"), "Lease name");
    public static final OperatorSetting LEADER_ELECTION_NAMESPACE = new OperatorSetting("POD_NAMESPACE",
            Flag.value("--leader-election-namespace"),
            computed("flag, else POD_NAMESPACE, else the service-account namespace file"),
            "Lease namespace (required when electing)");
    public static final OperatorSetting LEASE_DURATION = new OperatorSetting(null,
            Flag.value("--lease-duration"), value("15s"), "Go duration; must exceed --renew-deadline");
    public static final OperatorSetting RENEW_DEADLINE = new OperatorSetting(null,
            Flag.value("--renew-deadline"), value("10s"), "must exceed 1.2 x --retry-period");
    public static final OperatorSetting RETRY_PERIOD = new OperatorSetting(null,
            Flag.value("--retry-period"), value("2s"), "acquire and renew interval");
    public static final OperatorSetting METRICS_SECURE = new OperatorSetting(null,
            Flag.bool("--metrics-secure"), computed("plain HTTP"),
            "accepted; =false fine, true with metrics on is an error (exit 2): no HTTPS metrics");
    public static final OperatorSetting ENABLE_HTTP2 = new OperatorSetting(null,
            Flag.bool("--enable-http2"), value("false"), "accepted; HTTP/1.1 only, true logs a warning");
    public static final OperatorSetting ZAP_LOG_LEVEL = new OperatorSetting(null,
            Flag.value("--zap-log-level"), computed("info"),
            "debug, info, error or an integer > 0 (1 debug, 2+ trace)");
    public static final OperatorSetting ZAP_DEVEL = new OperatorSetting(null,
            Flag.bool("--zap-devel"), computed(""), "accepted and validated like zap (a bool); no effect");
    public static final OperatorSetting ZAP_ENCODER = new OperatorSetting(null,
            Flag.value("--zap-encoder"), computed(""),
            "accepted and validated like zap (json or console); no effect");
    public static final OperatorSetting ZAP_STACKTRACE_LEVEL = new OperatorSetting(null,
            Flag.value("--zap-stacktrace-level"), computed(""),
            "accepted and validated like zap (info, error or panic); no effect");
    public static final OperatorSetting ZAP_TIME_ENCODING = new OperatorSetting(null,
            Flag.value("--zap-time-encoding"), computed(""),
            "accepted and validated like zap (epoch, millis, nanos, iso8601, rfc3339 or rfc3339nano); no effect");
    /** {@code KUBECONFIG} is read by fabric8's auto-configuration, not by the parser. */
    public static final OperatorSetting KUBECONFIG = new OperatorSetting("KUBECONFIG",
            Flag.value("--kubeconfig"), computed("in-cluster / ~/.kube/config"),
            "API server configuration (fabric8 auto-configuration)");
    public static final OperatorSetting POD_NAME = new OperatorSetting("POD_NAME", null,
            computed("<hostname>_<uuid>"), "Lease holder identity");
    public static final OperatorSetting HEALTH_PROBE_PORT = new OperatorSetting("HEALTH_PROBE_PORT", null,
            computed("unset"), "replaces the probe port (keeps the flag's host)");
    public static final OperatorSetting PROXY_PORT = new OperatorSetting("PROXY_PORT", null, value("8085"),
            "Kubernetes API proxy port; in use: exit 1 with bind: address already in use");
    public static final OperatorSetting PROXY_BIND_IP = new OperatorSetting("PROXY_BIND_IP", null,
            computed("unset (interface address)"), "API proxy address; 0.0.0.0 only when set (logged as a warning)");
    public static final OperatorSetting IFACE_NAME = new OperatorSetting("IFACE_NAME", null, value("netmaker"),
            "interface whose IPv4 address the API proxy binds; none: not listening, /readyz check proxy fails,"
                    + " retried every 2 s");
    public static final OperatorSetting PROXY_MODE = new OperatorSetting("PROXY_MODE", null, value("auth"),
            "API proxy: auth impersonates the identity below (the API server authorizes the peer, not the"
                    + " operator); noauth forwards with the operator's ServiceAccount (explicit, logged as a"
                    + " warning); off no proxy");
    public static final OperatorSetting PROXY_IMPERSONATE_USER = new OperatorSetting("PROXY_IMPERSONATE_USER", null,
            value("wireguard-peer"),
            "auth: Impersonate-User for peers not in PROXY_IDENTITY_MAP (RBAC must grant impersonate on it)");
    public static final OperatorSetting PROXY_IMPERSONATE_GROUPS = new OperatorSetting("PROXY_IMPERSONATE_GROUPS",
            null, value("system:authenticated,wireguard-peers"),
            "auth: Impersonate-Group values (comma-separated; system:masters refused)");
    public static final OperatorSetting PROXY_IDENTITY_MAP = new OperatorSetting("PROXY_IDENTITY_MAP", null,
            computed("unset"),
            "auth: file of PEER_IP USER [GROUP,...] lines (# comments) giving a peer address its own identity");
    public static final OperatorSetting WATCH_NAMESPACE = new OperatorSetting("WATCH_NAMESPACE", null,
            computed("the operator's namespace (POD_NAMESPACE, else the service-account file)"),
            "namespaces whose Services are reconciled, comma-separated; empty = all (needs the"
                    + " watch-all-namespaces component)");
    public static final OperatorSetting NETCLIENT_IMAGE = new OperatorSetting("NETCLIENT_IMAGE", null,
            value("gravitl/netclient:v1.4.0"), "netclient container image in proxy pods");
    public static final OperatorSetting PROXY_IMAGE = new OperatorSetting("PROXY_IMAGE", null,
            value("alpine/socat:1.8.0.3"), "proxy container image in proxy pods");

    /** In the README's order. */
    public static final List<OperatorSetting> ALL = List.of(LEADER_ELECT, PROBE_ADDRESS, METRICS_ADDRESS,
            LEADER_ELECTION_ID, LEADER_ELECTION_NAMESPACE, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD,
            METRICS_SECURE, ENABLE_HTTP2, ZAP_LOG_LEVEL, ZAP_DEVEL, ZAP_ENCODER, ZAP_STACKTRACE_LEVEL,
            ZAP_TIME_ENCODING, KUBECONFIG, POD_NAME, HEALTH_PROBE_PORT, PROXY_PORT, PROXY_BIND_IP, IFACE_NAME,
            PROXY_MODE, PROXY_IMPERSONATE_USER, PROXY_IMPERSONATE_GROUPS, PROXY_IDENTITY_MAP, WATCH_NAMESPACE,
            NETCLIENT_IMAGE, PROXY_IMAGE);

    private OperatorSettings() {
    }
}

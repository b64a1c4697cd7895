package io.netmaker.operator.config;

/**
 * The operator's settings, parsed once from flags and environment.
 *
 * @param leaderElect             run controllers only while holding the Lease ({@code --leader-elect}; default true
 *                                when {@code ENABLE_LEADER_ELECTION} is true or {@code POD_NAME} is set)
 * @param probeAddress            {@code /healthz} and {@code /readyz} ({@code --health-probe-bind-address}, default {@code :8081})
 * @param metricsAddress          Prometheus {@code /metrics} ({@code --metrics-bind-address}, default {@code 0} = off)
 * @param leaderElectionId        the Lease name ({@code --leader-election-id})
 * @param leaderElectionNamespace the Lease namespace; null only when election is off and none was found
 * @param timings                 lease duration, renew deadline, retry period
 * @param kubeconfig              explicit kubeconfig path, or null for KUBECONFIG / in-cluster auto-configuration
 * @param identity                the Lease holder identity ({@code POD_NAME}, else hostname_uuid)
 * @param apiProxy                the Kubernetes API proxy ({@code PROXY_PORT}, {@code PROXY_BIND_IP}, {@code IFACE_NAME})
 * @param proxy                   images used for the proxy pods
 * @param logLevel                slf4j-simple default level from {@code --zap-log-level}, or null for the default (info)
 * @param watchNamespaces         namespaces whose Services the proxy controllers reconcile ({@code WATCH_NAMESPACE},
 *                                comma-separated; default the operator's own namespace, null when that is unknown and
 *                                the client's namespace applies); empty = all namespaces
 */
public record OperatorOptions(
        boolean leaderElect,
        BindAddress probeAddress,
        BindAddress metricsAddress,
        String leaderElectionId,
        String leaderElectionNamespace,
        ElectionTimings timings,
        String kubeconfig,
        String identity,
        ApiProxyOptions apiProxy,
        ProxyImages proxy,
        String logLevel,
        java.util.List<String> watchNamespaces) {

    public OperatorOptions {
        watchNamespaces = watchNamespaces == null ? null : java.util.List.copyOf(watchNamespaces);
    }

    /** Container images of the proxy pods. */
    public record ProxyImages(String netclientImage, String proxyImage) {
        public static final String DEFAULT_NETCLIENT_IMAGE = "gravitl/netclient:v1.4.0";
        public static final String DEFAULT_PROXY_IMAGE = "alpine/socat:1.8.0.3";
    }
}

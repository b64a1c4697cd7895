package io.netmaker.operator.config;

/**
 * The operator's settings, parsed once from flags and environment; names and defaults are in
 * {@link OperatorSettings}.
 *
 * @param leaderElect             run controllers only while holding the Lease ({@code --leader-elect})
 * @param probeAddress            {@code /healthz} and {@code /readyz} ({@code --health-probe-bind-address})
 * @param metricsAddress          Prometheus {@code /metrics} ({@code --metrics-bind-address})
 * @param leaderElectionId        the Lease name ({@code --leader-election-id})
 * @param leaderElectionNamespace the Lease namespace; null only when election is off and none was found
 * @param timings                 lease duration, renew deadline, retry period
 * @param kubeconfig              explicit kubeconfig path, or null for KUBECONFIG / in-cluster auto-configuration
 * @param identity                the Lease holder identity ({@code POD_NAME}, else hostname_uuid)
 * @param apiProxy                the Kubernetes API proxy ({@code PROXY_PORT}, {@code PROXY_BIND_IP}, {@code IFACE_NAME})
 * @param proxy                   images used for the proxy pods
 * @param logLevel                slf4j-simple default level from {@code --zap-log-level}, or null for the logger's own
 *                                default (simplelogger.properties)
 * @param watchNamespaces         namespaces whose Services the proxy controllers reconcile ({@code WATCH_NAMESPACE});
 *                                null when the operator's own namespace is unknown and the client's namespace applies;
 *                                empty = all namespaces
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
    public record ProxyImages(String netclientImage, String proxyImage) { }
}

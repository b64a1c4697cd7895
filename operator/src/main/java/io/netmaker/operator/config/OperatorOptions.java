package io.netmaker.operator.config;

/**
 * The operator's settings, parsed once from flags and environment.
 *
 * @param leaderElect             run controllers only while holding the Lease ({@code --leader-elect}, default false)
 * @param probeAddress            {@code /healthz} and {@code /readyz} ({@code --health-probe-bind-address}, default {@code :8081})
 * @param metricsAddress          Prometheus {@code /metrics} ({@code --metrics-bind-address}, default {@code 0} = off)
 * @param leaderElectionId        the Lease name ({@code --leader-election-id})
 * @param leaderElectionNamespace the Lease namespace; null only when election is off and none was found
 * @param timings                 lease duration, renew deadline, retry period
 * @param kubeconfig              explicit kubeconfig path, or null for KUBECONFIG / in-cluster auto-configuration
 * @param identity                the Lease holder identity ({@code POD_NAME}, else hostname_uuid)
 * @param proxyPort               {@code PROXY_PORT} (default 8085), reserved for the API proxy
 * @param proxy                   images used for the proxy pods
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
        int proxyPort,
        ProxyImages proxy) {

    /** Container images of the proxy pods. */
    public record ProxyImages(String netclientImage, String proxyImage) {
        public static final String DEFAULT_NETCLIENT_IMAGE = "gravitl/netclient:v1.4.0";
        public static final String DEFAULT_PROXY_IMAGE = "alpine/socat:1.8.0.3";
    }
}

package io.netmaker.operator.config;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The flags, as raw text: picocli only splits the command line, {@link OptionsParser} converts and validates every
 * value so that all errors are reported together.
 */
@Command(name = "operator", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Netmaker Service proxy operator (flags compatible with the Go controller-runtime operator).",
        footer = {"", "Environment: POD_NAME (Lease identity), POD_NAMESPACE (Lease namespace), HEALTH_PROBE_PORT "
                + "(overrides the probe port), PROXY_PORT, NETCLIENT_IMAGE, PROXY_IMAGE, KUBECONFIG.",
                "Exit codes: 0 stopped by SIGTERM, 1 leader election lost or fatal error, 2 bad command line."})
public final class OperatorCommand {
    @Option(names = "--leader-elect", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Enable leader election; only the Lease holder runs controllers (default: false).")
    String leaderElect = "false";

    @Option(names = "--health-probe-bind-address", paramLabel = "ADDR",
            description = "Address of /healthz and /readyz; :PORT = all interfaces, 0 = off (default: :8081).")
    String probeAddress = ":8081";

    @Option(names = "--metrics-bind-address", paramLabel = "ADDR",
            description = "Address of Prometheus /metrics; 0 = off (default: 0).")
    String metricsAddress = "0";

    @Option(names = "--leader-election-id", paramLabel = "NAME",
            description = "Name of the Lease (default: 3820d23d.netmaker.io).")
    String leaderElectionId = "3820d23d.netmaker.io";

    @Option(names = "--leader-election-namespace", paramLabel = "NS",
            description = "Namespace of the Lease (default: POD_NAMESPACE, else the service-account namespace).")
    String leaderElectionNamespace;

    @Option(names = "--lease-duration", paramLabel = "DURATION",
            description = "How long non-leaders wait before taking over an unrenewed Lease (default: 15s).")
    String leaseDuration = "15s";

    @Option(names = "--renew-deadline", paramLabel = "DURATION",
            description = "How long the leader keeps retrying a renewal before giving up (default: 10s).")
    String renewDeadline = "10s";

    @Option(names = "--retry-period", paramLabel = "DURATION",
            description = "Interval between acquire and renew attempts (default: 2s).")
    String retryPeriod = "2s";

    @Option(names = "--kubeconfig", paramLabel = "PATH",
            description = "Kubeconfig file (default: KUBECONFIG, then in-cluster configuration).")
    String kubeconfig;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}

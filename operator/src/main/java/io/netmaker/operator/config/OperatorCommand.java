package io.netmaker.operator.config;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The flags, as raw text: picocli only splits the command line, {@link OptionsParser} converts and validates every
 * value so that all errors are reported together.
 */
@Command(name = "operator", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Netmaker Service proxy operator (flags compatible with the Go controller-runtime operator).",
        footer = {"", "Environment: POD_NAME (Lease identity), POD_NAMESPACE (Lease namespace), "
                + "ENABLE_LEADER_ELECTION (default of --leader-elect), HEALTH_PROBE_PORT (overrides the probe port), "
                + "PROXY_PORT (API proxy port, default 8085), PROXY_BIND_IP (API proxy address), IFACE_NAME "
                + "(WireGuard interface, default netmaker), NETCLIENT_IMAGE, PROXY_IMAGE, KUBECONFIG.",
                "Exit codes: 0 stopped by SIGTERM, 1 leader election lost or fatal error, 2 bad command line."})
public final class OperatorCommand {
    @Option(names = "--leader-elect", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Enable leader election; only the Lease holder runs controllers (default: "
                    + "ENABLE_LEADER_ELECTION when set, else true when POD_NAME is set, else false).")
    String leaderElect;

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

    @Option(names = "--metrics-secure", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Accepted for compatibility: metrics are served over plain HTTP; true with metrics on is "
                    + "an error (default: plain HTTP).")
    String metricsSecure;

    @Option(names = "--enable-http2", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Accepted for compatibility: no HTTP/2 is served, so true only logs a warning "
                    + "(default: false).")
    String enableHttp2 = "false";

    @Option(names = "--zap-devel", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Accepted, no effect (zap development mode).")
    String zapDevel;

    @Option(names = "--zap-encoder", paramLabel = "ENCODER", description = "Accepted, no effect: json or console.")
    String zapEncoder;

    @Option(names = "--zap-log-level", paramLabel = "LEVEL",
            description = "Log level: debug, info, error, or an integer above 0 (1 = debug, 2+ = trace) "
                    + "(default: info).")
    String zapLogLevel;

    @Option(names = "--zap-stacktrace-level", paramLabel = "LEVEL",
            description = "Accepted, no effect: info, error or panic.")
    String zapStacktraceLevel;

    @Option(names = "--zap-time-encoding", paramLabel = "ENCODING",
            description = "Accepted, no effect: epoch, millis, nanos, iso8601, rfc3339 or rfc3339nano.")
    String zapTimeEncoding;

    @Option(names = "--kubeconfig", paramLabel = "PATH",
            description = "Kubeconfig file (default: KUBECONFIG, then in-cluster configuration).")
    String kubeconfig;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}

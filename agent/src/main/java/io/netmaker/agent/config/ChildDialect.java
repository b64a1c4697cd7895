package io.netmaker.agent.config;

import java.util.Map;
import java.util.Set;

/**
 * The command-line dialect of the child: which flags it defines, how it parses them, where its Lease lives and how
 * its Lease identity is known. The agent never passes a flag the dialect does not define.
 */
public enum ChildDialect {
    /**
     * gravitl/netmaker-k8s-ops {@code /manager}: Go's {@code flag} package, upstream's flags only, Lease
     * {@code 3820d23d.netmaker.io} in the service-account namespace, identity {@code os.Hostname() + "_" + uuid}.
     */
    NETMAKER_GO(Syntax.GO_FLAG, false, false),
    /** Any kubebuilder v4 {@code cmd/main.go}: the same flags; its Lease name is hard-coded in the program. */
    KUBEBUILDER(Syntax.GO_FLAG, false, false),
    /** This repository's Java operator: picocli, plus Lease name, namespace and timing flags; identity POD_NAME. */
    NETMAKER_JAVA(Syntax.PICOCLI, true, true);

    /** How the child reads its arguments. */
    public enum Syntax {
        /** Go's {@code flag}: bool flags take no separate value; parsing stops at the first non-flag or {@code --}. */
        GO_FLAG,
        /** picocli: options anywhere before {@code --}; a boolean option may take a separate true/false. */
        PICOCLI
    }

    public static final String LEADER_ELECT = "leader-elect";
    public static final String LEADER_ELECTION_ID = "leader-election-id";
    public static final String LEADER_ELECTION_NAMESPACE = "leader-election-namespace";
    public static final String HEALTH_PROBE_BIND_ADDRESS = "health-probe-bind-address";
    public static final String METRICS_BIND_ADDRESS = "metrics-bind-address";
    public static final String METRICS_SECURE = "metrics-secure";

    /** kubebuilder v4's {@code cmd/main.go} flags plus controller-runtime's {@code --kubeconfig}; true = bool flag. */
    private static final Map<String, Boolean> KUBEBUILDER_FLAGS = Map.ofEntries(
            Map.entry(METRICS_BIND_ADDRESS, false),
            Map.entry(HEALTH_PROBE_BIND_ADDRESS, false),
            Map.entry(LEADER_ELECT, true),
            Map.entry(METRICS_SECURE, true),
            Map.entry("enable-http2", true),
            Map.entry("zap-devel", true),
            Map.entry("zap-encoder", false),
            Map.entry("zap-log-level", false),
            Map.entry("zap-stacktrace-level", false),
            Map.entry("zap-time-encoding", false),
            Map.entry("kubeconfig", false));
    private static final Set<String> JAVA_ONLY_FLAGS = Set.of(LEADER_ELECTION_ID, LEADER_ELECTION_NAMESPACE,
            "lease-duration", "renew-deadline", "retry-period");

    private final Syntax syntax;
    private final boolean leaseFlags;
    private final boolean podNameIdentity;

    ChildDialect(Syntax syntax, boolean leaseFlags, boolean podNameIdentity) {
        this.syntax = syntax;
        this.leaseFlags = leaseFlags;
        this.podNameIdentity = podNameIdentity;
    }

    public Syntax syntax() {
        return syntax;
    }

    /** Whether the child takes {@code --leader-election-id}, {@code --leader-election-namespace} and timings. */
    public boolean hasLeaseFlags() {
        return leaseFlags;
    }

    /** Whether the child's Lease holder identity is {@code POD_NAME} (else it must be learned from the child). */
    public boolean podNameIdentity() {
        return podNameIdentity;
    }

    /** Whether the Lease lives in the service-account namespace with no flag to move it. */
    public boolean serviceAccountNamespace() {
        return !leaseFlags;
    }

    /** Whether the program hard-codes its own Lease name, which the agent cannot know (it must be configured). */
    public boolean leaseNameMustBeConfigured() {
        return this == KUBEBUILDER;
    }

    /** Whether {@code name} is a flag of this dialect. */
    public boolean defines(String name) {
        return KUBEBUILDER_FLAGS.containsKey(name) || (leaseFlags && JAVA_ONLY_FLAGS.contains(name));
    }

    /** Whether {@code name} is a bool flag of this dialect (one that never takes a separate value in Go). */
    public boolean isBool(String name) {
        return Boolean.TRUE.equals(KUBEBUILDER_FLAGS.get(name));
    }
}

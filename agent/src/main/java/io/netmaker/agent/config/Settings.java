package io.netmaker.agent.config;

import java.util.List;

/** Every input the agent core reads, in one place: the CLI, the plan and the README table are built from it. */
public final class Settings {
    public static final String POD_NAME = "POD_NAME";
    public static final String POD_NAMESPACE = "POD_NAMESPACE";
    public static final String POD_IP = "POD_IP";
    public static final String HOST_IP = "HOST_IP";
    public static final String HEALTH_PROBE_PORT = "HEALTH_PROBE_PORT";
    public static final String PROXY_PORT = "PROXY_PORT";
    public static final String ENABLE_LEADER_ELECTION = "ENABLE_LEADER_ELECTION";
    public static final String PORT_STRATEGY = "AGENT_PORT_STRATEGY";
    public static final String HOST_NETWORK = "AGENT_HOST_NETWORK";
    public static final String PORT_CONFLICT_POLICY = "AGENT_PORT_CONFLICT_POLICY";
    public static final String RESERVED_PORTS = "AGENT_RESERVED_PORTS";
    public static final String STATE_DIR = "AGENT_STATE_DIR";
    public static final String LEADER_ELECTION_ID = "AGENT_LEADER_ELECTION_ID";
    public static final String CHILD_DIALECT = "AGENT_CHILD_DIALECT";
    public static final String CHILD_METRICS = "AGENT_CHILD_METRICS";
    public static final String CHILD_PROBE_TIMEOUT = "AGENT_CHILD_PROBE_TIMEOUT";
    public static final String CHILD_LIVENESS_FAILURES = "AGENT_CHILD_LIVENESS_FAILURES";
    public static final String CHILD_LIVENESS_PERIOD = "AGENT_CHILD_LIVENESS_PERIOD";
    public static final String CHILD_LIVENESS_DELAY = "AGENT_CHILD_LIVENESS_DELAY";
    public static final String SHUTDOWN_GRACE = "AGENT_SHUTDOWN_GRACE";
    public static final String RESTART_POLICY = "AGENT_RESTART_POLICY";
    public static final String MAX_RESTARTS = "AGENT_MAX_RESTARTS";
    public static final String RESTART_BACKOFF = "AGENT_RESTART_BACKOFF";
    public static final String RESTART_BACKOFF_MAX = "AGENT_RESTART_BACKOFF_MAX";
    public static final String RESTART_RESET_AFTER = "AGENT_RESTART_RESET_AFTER";
    public static final String TERMINATION_LOG = "AGENT_TERMINATION_LOG";

    public static final List<Setting> ALL = List.of(
            new Setting(POD_NAME, null, "unset",
                    "pod name (downward API); seeds the port hash and turns leader election on by default"),
            new Setting(POD_NAMESPACE, "--leader-election-namespace", "service-account namespace file",
                    "namespace of the leader-election Lease"),
            new Setting(POD_IP, null, "unset", "pod IP (downward API); equal to HOST_IP means host network"),
            new Setting(HOST_IP, null, "unset", "node IP (downward API); compared with POD_IP"),
            new Setting(HEALTH_PROBE_PORT, "--health-probe-port", "8081 (hashed, see ports.md)",
                    "port kubelet probes; the agent serves /healthz, /readyz, /metrics, /status on it"),
            new Setting(PROXY_PORT, "--proxy-port", "8085 (hashed, see ports.md)",
                    "the operator's proxy port, passed to the child as PROXY_PORT"),
            new Setting(ENABLE_LEADER_ELECTION, "--leader-elect", "true when POD_NAME is set, else false",
                    "leader election on or off (true/false/1/0/t/f/yes/no, any case; the operator reads the same); the agent flag wins, then an explicit"
                            + " --leader-elect[=bool] in the operator args (as in Go), then this variable, then"
                            + " POD_NAME; reaches the child as --leader-elect=<bool>"),
            new Setting(PORT_STRATEGY, "--port-strategy", "auto",
                    "auto (hash only on the node's network), hash, or fixed (never hash)"),
            new Setting(HOST_NETWORK, "--host-network", "false",
                    "declare that the pod shares the node's network (for auto when POD_IP/HOST_IP are not given)"),
            new Setting(PORT_CONFLICT_POLICY, "--port-conflict-policy", "next-free",
                    "on a taken port: next-free (walk upward) or fail (exit 2)"),
            new Setting(RESERVED_PORTS, "--reserved-ports", "8080,8086,8443,9443",
                    "ports next-free never moves to"),
            new Setting(STATE_DIR, "--state-dir", "/tmp/agent", "directory of ports.json (the published plan)"),
            new Setting(LEADER_ELECTION_ID, "--leader-election-id", "3820d23d.netmaker.io",
                    "name of the leader-election Lease; netmaker-go allows only the default, kubebuilder requires it"),
            new Setting(CHILD_DIALECT, "--child-dialect", "netmaker-go",
                    "the child's flags: netmaker-go (upstream /manager), kubebuilder (same flags, own Lease name) or"
                            + " netmaker-java (this repository's operator); only flags it defines are passed"),
            new Setting(CHILD_METRICS, "--child-metrics", "true",
                    "give the child a loopback metrics port; false passes --metrics-bind-address=0"),
            new Setting(CHILD_PROBE_TIMEOUT, "--child-probe-timeout", "1s",
                    "timeout of the readiness call to the child's own /readyz (and of the liveness call to its /healthz)"),
            new Setting(CHILD_LIVENESS_FAILURES, "--child-liveness-failures", "3",
                    "restart the child after this many failed calls in a row to its own /healthz (0 = off)"),
            new Setting(CHILD_LIVENESS_PERIOD, "--child-liveness-period", "10s",
                    "how often the agent calls the child's own /healthz"),
            new Setting(CHILD_LIVENESS_DELAY, "--child-liveness-delay", "30s",
                    "start-up allowance: failed liveness calls count only once the child has answered or has run this long"),
            new Setting(SHUTDOWN_GRACE, "--shutdown-grace", "8s",
                    "time between SIGTERM to the child and SIGKILL"),
            new Setting(RESTART_POLICY, "--restart-policy", "on-failure", "on-failure, always or never"),
            new Setting(MAX_RESTARTS, "--max-restarts", "5",
                    "give up after this many fast failures in a row (0 = unlimited)"),
            new Setting(RESTART_BACKOFF, "--restart-backoff", "1s", "first restart delay; doubles per fast failure"),
            new Setting(RESTART_BACKOFF_MAX, "--restart-backoff-max", "30s", "cap of the restart delay"),
            new Setting(RESTART_RESET_AFTER, "--restart-reset-after", "60s",
                    "a run at least this long counts as healthy and resets back-off and the failure count"),
            new Setting(TERMINATION_LOG, "--termination-log", "/dev/termination-log",
                    "file the cause and reason of the last exit are written to, as <cause>: <reason> (when writable)"));

    private Settings() {}

    /** The row of {@code env}, whose default the parsers use. */
    static Setting row(String env) {
        return Setting.in(ALL, env);
    }
}

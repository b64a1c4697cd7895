package io.netmaker.agent.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The inputs of the port plan. Explicit ports are empty when not set. */
public record PortSettings(
        OptionalInt healthProbePort,
        OptionalInt proxyPort,
        Optional<String> podName,
        Optional<String> podIp,
        Optional<String> hostIp,
        boolean hostNetworkDeclared,
        PortStrategy strategy,
        ConflictPolicy conflictPolicy,
        List<Integer> reservedPorts,
        boolean childMetrics) {

    public static final int HEALTH_BASE = 8081;
    public static final int PROXY_BASE = 8085;
    public static final List<Integer> DEFAULT_RESERVED = java.util.Arrays.stream(
            Settings.row(Settings.RESERVED_PORTS).defaultText().split(",")).map(Integer::valueOf).toList();

    public PortSettings {
        reservedPorts = List.copyOf(reservedPorts);
    }

    static PortSettings parse(EnvReader env) {
        OptionalInt health = env.port(Settings.HEALTH_PROBE_PORT);
        OptionalInt proxy = env.port(Settings.PROXY_PORT);
        if (health.isPresent() && health.equals(proxy)) {
            env.reject(Settings.PROXY_PORT, String.valueOf(proxy.getAsInt()),
                    "different from " + Settings.HEALTH_PROBE_PORT + " (" + health.getAsInt() + ")");
        }
        return new PortSettings(
                health,
                proxy,
                env.string(Settings.POD_NAME),
                env.string(Settings.POD_IP),
                env.string(Settings.HOST_IP),
                env.bool(Settings.row(Settings.HOST_NETWORK)),
                env.enumValue(Settings.row(Settings.PORT_STRATEGY), PortStrategy.class),
                env.enumValue(Settings.row(Settings.PORT_CONFLICT_POLICY), ConflictPolicy.class),
                env.portList(Settings.RESERVED_PORTS).orElse(DEFAULT_RESERVED),
                env.bool(Settings.row(Settings.CHILD_METRICS)));
    }
}

package io.netmaker.agent.ports;

import java.util.Locale;

/** What a planned port is for. */
public enum PortRole {
    /** The port kubelet probes; the agent's own HTTP server. */
    HEALTH,
    /** The operator's proxy port (PROXY_PORT in the child's env). */
    PROXY,
    /** The child's own probe server, moved to loopback. */
    CHILD_PROBE,
    /** The child's metrics server on loopback, or 0 (off). */
    CHILD_METRICS;

    /** The name used in logs, metrics labels and JSON: {@code health}, {@code child-probe}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

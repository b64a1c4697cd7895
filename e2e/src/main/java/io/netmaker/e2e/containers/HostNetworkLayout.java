package io.netmaker.e2e.containers;

import java.util.List;
import java.util.Map;

/** How the E2E suite's container scenarios and {@code make bench} run {@code deploy/overlays/host-network} here. */
public final class HostNetworkLayout {
    /** The seed's hostNetwork example: the operator's own flags, as its Deployment passed them. */
    public static final List<String> ARGS =
            List.of("--leader-elect", "--health-probe-bind-address=:8081", "--metrics-bind-address=0");
    /**
     * Test deviations of the host-network layout: this machine has no {@code netmaker} interface (the sidecar's), so
     * the agent checks {@code lo} and the operator's API proxy binds loopback, as the local sandbox does.
     */
    public static final Map<String, String> DEVIATIONS =
            Map.of("AGENT_SIDECAR_INTERFACE", "lo", "PROXY_BIND_IP", "127.0.0.1");

    private HostNetworkLayout() {}
}

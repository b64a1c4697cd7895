package io.netmaker.e2e.sandbox;

import io.netmaker.testing.WireGuardPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --tunnels}: a real WireGuard tunnel per replica (wireguard-go to a peer in a network namespace of its own,
 * see {@link WireGuardPair}); each agent watches its own ({@code AGENT_SIDECAR_INTERFACE}) with the tunnel check on
 * and a 5 s silence, so {@code w <i>} (cut or restore replica i's tunnel) shows in its {@code /readyz} and
 * {@code /status} within seconds. Needs root, iproute2, wireguard-go and wireguard-tools.
 */
final class SandboxTunnels implements AutoCloseable {
    private final String base;
    private final List<WireGuardPair> pairs = new ArrayList<>();
    private final Set<Integer> cut = ConcurrentHashMap.newKeySet();

    private SandboxTunnels(String base) {
        this.base = base;
    }

    /** Creates one tunnel per replica; fails with the reason when the machine cannot run them. */
    static SandboxTunnels create(int replicas) {
        WireGuardPair.missingTools().ifPresent(missing -> {
            throw new IllegalStateException("--tunnels needs root, iproute2, wireguard-go and wireguard-tools: "
                    + missing);
        });
        SandboxTunnels tunnels = new SandboxTunnels(WireGuardPair.randomTag().substring(0, 8));
        try {
            for (int i = 0; i < replicas; i++) {
                tunnels.pairs.add(WireGuardPair.create(tunnels.base + i, 1));
            }
        } catch (RuntimeException e) {
            tunnels.close();
            throw e;
        }
        return tunnels;
    }

    /** What every agent gets: its own interface and the tunnel check. */
    Map<String, String> agentEnv() {
        return Map.of("AGENT_SIDECAR_INTERFACE", base + SandboxOptions.INDEX + "w", "AGENT_TUNNEL_CHECK", "true",
                "AGENT_TUNNEL_SILENCE", "5s");
    }

    /** Cuts replica {@code i}'s tunnel, or restores it when cut; returns what happened. */
    String toggle(int i) {
        WireGuardPair pair = pairs.get(i);
        if (cut.remove(i)) {
            pair.restore();
            return "replica " + i + " tunnel " + pair.iface + " restored";
        }
        pair.cut();
        cut.add(i);
        return "replica " + i + " tunnel " + pair.iface + " cut (silent after 5s)";
    }

    @Override
    public void close() {
        pairs.forEach(WireGuardPair::close);
    }
}

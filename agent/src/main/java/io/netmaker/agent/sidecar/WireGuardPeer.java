package io.netmaker.agent.sidecar;

/**
 * One peer as WireGuard's UAPI {@code get=1} reports it (the fields {@code wg show <iface> dump} prints). No keys are
 * kept: the agent needs none, and a public key per peer would be a label with hundreds of values.
 *
 * @param endpoint {@code ip:port}, or null when none is known yet
 * @param lastHandshakeEpochSecond seconds since the epoch of the latest handshake; 0 when there was none
 * @param rxBytes bytes received from the peer (keepalives included)
 * @param txBytes bytes sent to the peer
 * @param persistentKeepalive seconds; 0 when off
 */
public record WireGuardPeer(String endpoint, long lastHandshakeEpochSecond, long rxBytes, long txBytes,
                            int persistentKeepalive) {}

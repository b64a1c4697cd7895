package io.netmaker.agent.sidecar;

/**
 * One judgement of the tunnel.
 *
 * @param state live, silent or unknown
 * @param reason why, in words (shown in {@code /status} and {@code /readyz/tunnel})
 * @param source which signal decided: {@code uapi}, {@code counters} or {@code none}
 * @param secondsSinceRx seconds since a received byte was last seen, NaN when unknown
 * @param peers peers the UAPI socket listed, -1 when unreadable
 * @param peersRecent peers whose latest handshake is at most 180 s old, -1 when unreadable
 */
public record TunnelVerdict(TunnelState state, String reason, String source, double secondsSinceRx, int peers,
                            int peersRecent) {}

package io.netmaker.agent.sidecar;

/** Whether the sidecar's WireGuard tunnel carries traffic. */
public enum TunnelState {
    /** Bytes arrive from the tunnel (or, per peer, a recent handshake and received bytes). */
    LIVE,
    /** Nothing arrived for the silence time, or every peer's latest handshake is too old. */
    SILENT,
    /** Nothing can be read, or what can be read cannot tell (yet); never fails anything by itself. */
    UNKNOWN
}

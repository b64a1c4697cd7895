/**
 * Awareness of the {@code netclient} sidecar: its container status (regular or native sidecar) from the Pod (read as
 * a {@link io.netmaker.agent.kubernetes.PodView}, once per watch event), its WireGuard interface from this host
 * ({@link io.netmaker.agent.sidecar.InterfaceMonitor}), the wait before the child's first start
 * ({@link io.netmaker.agent.sidecar.SidecarWaitGate}), the loss policy
 * ({@link io.netmaker.agent.sidecar.SidecarMonitor}, applied through {@code LossReaction}) and the tunnel's health
 * ({@link io.netmaker.agent.sidecar.TunnelMonitor}: interface counters from {@code /sys}, per-peer data over the
 * WireGuard UAPI socket, judged live, silent or unknown by {@code TunnelJudge}), built together as one part by
 * {@link io.netmaker.agent.sidecar.SidecarAwareness}.
 *
 * <p>Invariants: the wait gate is the one place that may hold the child's start, and for at most
 * {@code AGENT_SIDECAR_WAIT_TIMEOUT}; the loss policy applies when a ready sidecar stops being ready; a changed
 * interface IPv4 address restarts the child; until the Pod has been read it is unknown whether a sidecar is
 * declared, and when none is, everything here is off; interface lookups are injected so tests can use a fake or a
 * real test interface; the tunnel check is local and runs with {@code POD_NAME} or an explicitly named interface, an
 * unreadable tunnel is {@code unknown} and never fails anything, and a silent one acts only under
 * {@code AGENT_TUNNEL_CHECK=true}.
 *
 * <p>Callers: {@code io.netmaker.agent.Agent} builds the {@code SidecarAwareness} and composes its monitor (child
 * listener, status section), readiness check and gate; restart requests reach the supervisor through the
 * {@code ChildControl} it is given. It uses {@code kubernetes} (client, pod view) and never the reverse.
 */
package io.netmaker.agent.sidecar;

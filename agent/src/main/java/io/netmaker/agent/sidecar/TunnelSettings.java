package io.netmaker.agent.sidecar;

import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Tunnel health of the sidecar's WireGuard interface ({@code AGENT_TUNNEL_*}).
 *
 * @param check whether a silent tunnel counts as a sidecar loss under {@code AGENT_SIDECAR_LOSS_POLICY}; false:
 *     report only
 * @param silence no byte received for this long reads as silent
 * @param handshakeTimeout every peer's latest handshake older than this reads as silent
 * @param socketDir where userspace WireGuard keeps its UAPI sockets ({@code <iface>.sock})
 * @param interfaceExplicit whether the interface was named explicitly ({@code AGENT_SIDECAR_INTERFACE} or
 *     {@code IFACE_NAME}): then the local checks run without a pod too
 * @param pollInterval how often the signals are read
 */
public record TunnelSettings(
        boolean check,
        Duration silence,
        Duration handshakeTimeout,
        Path socketDir,
        boolean interfaceExplicit,
        Duration pollInterval) {

    public static final String CHECK = "AGENT_TUNNEL_CHECK";
    public static final String SILENCE = "AGENT_TUNNEL_SILENCE";
    public static final String HANDSHAKE_TIMEOUT = "AGENT_TUNNEL_HANDSHAKE_TIMEOUT";
    public static final String SOCKET_DIR = "AGENT_TUNNEL_SOCKET_DIR";
    /** WireGuard's reject-after time (180 s) plus a 30 s margin. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(210);
    public static final Duration DEFAULT_SILENCE = Duration.ofSeconds(75);
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    public static final List<Setting> SETTINGS = List.of(
            new Setting(CHECK, null, "false",
                    "true: a silent tunnel counts as a sidecar loss under " + SidecarSettings.LOSS_POLICY
                            + "; false: report only (state, metrics, /status, a log line per change)"),
            new Setting(SILENCE, null, "75s", "no byte received from the tunnel for this long reads as silent"),
            new Setting(HANDSHAKE_TIMEOUT, null, "3m30s",
                    "every peer's latest WireGuard handshake older than this reads as silent (180s reject-after"
                            + " time plus a margin; needs the UAPI socket)"),
            new Setting(SOCKET_DIR, null, "/var/run/wireguard",
                    "where userspace WireGuard (wireguard-go) keeps its UAPI socket <interface>.sock"));

    public static TunnelSettings parse(EnvReader env) {
        Duration silence = positive(env, SILENCE, DEFAULT_SILENCE);
        Duration handshake = positive(env, HANDSHAKE_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT);
        return new TunnelSettings(
                env.bool(CHECK, false),
                silence,
                handshake,
                env.path(SOCKET_DIR, "/var/run/wireguard"),
                env.isSet(SidecarSettings.INTERFACE) || env.isSet(SidecarSettings.IFACE_NAME),
                POLL_INTERVAL);
    }

    private static Duration positive(EnvReader env, String name, Duration defaultValue) {
        Duration value = env.duration(name, defaultValue);
        if (value.isZero() || value.isNegative()) {
            env.error("invalid " + name + "=\"" + env.string(name, "") + "\": must be a duration above 0 like "
                    + (name.equals(SILENCE) ? "75s" : "3m30s"));
            return defaultValue;
        }
        return value;
    }
}

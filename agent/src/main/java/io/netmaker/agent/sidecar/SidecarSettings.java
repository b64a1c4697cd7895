package io.netmaker.agent.sidecar;

import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sidecar awareness.
 *
 * @param container the sidecar container's name
 * @param interfaceName the WireGuard interface it brings up
 * @param waitForSidecar whether to hold the child until the sidecar is ready; empty: yes when the pod declares the container
 * @param waitTimeout the longest hold
 * @param waitFatal exit instead of starting anyway when the hold times out
 * @param lossPolicy what a lost sidecar does
 * @param pollInterval how often the interface is looked at
 */
public record SidecarSettings(
        String container,
        String interfaceName,
        Optional<Boolean> waitForSidecar,
        Duration waitTimeout,
        boolean waitFatal,
        LossPolicy lossPolicy,
        Duration pollInterval) {

    public static final String CONTAINER = "AGENT_SIDECAR_CONTAINER";
    public static final String INTERFACE = "AGENT_SIDECAR_INTERFACE";
    public static final String IFACE_NAME = "IFACE_NAME";
    public static final String WAIT = "AGENT_SIDECAR_WAIT";
    public static final String WAIT_TIMEOUT = "AGENT_SIDECAR_WAIT_TIMEOUT";
    public static final String WAIT_FATAL = "AGENT_SIDECAR_WAIT_FATAL";
    public static final String LOSS_POLICY = "AGENT_SIDECAR_LOSS_POLICY";
    public static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    /** Linux interface names: 1 to 15 characters, no slash, colon or white space. */
    private static final Pattern IFNAME = Pattern.compile("[^/:\\s]{1,15}");
    /** A container name is a DNS label. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public static final List<Setting> SETTINGS = List.of(
            new Setting(CONTAINER, null, "netclient", "name of the sidecar container whose status is watched"),
            new Setting(INTERFACE, null, "$IFACE_NAME, else netmaker",
                    "WireGuard interface checked locally (present, up, with an IPv4 address)"),
            new Setting(IFACE_NAME, null, "unset", "netclient's interface name; the default of " + INTERFACE),
            new Setting(WAIT, null, "true when the pod declares the sidecar container",
                    "hold the child until the sidecar is ready"),
            new Setting(WAIT_TIMEOUT, null, "120s", "longest hold; then the child starts anyway with a warning"),
            new Setting(WAIT_FATAL, null, "false", "exit (code 1) instead of starting when the hold times out"),
            new Setting(LOSS_POLICY, null, "unready",
                    "when the sidecar is lost: unready (/readyz fails), restart (the child), step-down (restart the"
                            + " child only while it leads), or ignore"));

    public static SidecarSettings parse(EnvReader env) {
        String container = env.string(Setting.in(SETTINGS, CONTAINER));
        if (!DNS_LABEL.matcher(container).matches()) {
            env.error("invalid " + CONTAINER + "=\"" + container + "\": must be a container name (a DNS label)");
        }
        String iface = env.string(INTERFACE).orElseGet(() -> env.string(IFACE_NAME, "netmaker"));
        if (!IFNAME.matcher(iface).matches()) {
            env.error("invalid " + (env.isSet(INTERFACE) ? INTERFACE : IFACE_NAME) + "=\"" + iface
                    + "\": must be an interface name of 1 to 15 characters without '/', ':' or spaces");
        }
        return new SidecarSettings(
                container,
                iface,
                env.bool(WAIT),
                env.duration(Setting.in(SETTINGS, WAIT_TIMEOUT)),
                env.bool(Setting.in(SETTINGS, WAIT_FATAL)),
                env.enumValue(Setting.in(SETTINGS, LOSS_POLICY), LossPolicy.class),
                POLL_INTERVAL);
    }
}

package io.netmaker.agent.sidecar;

import io.micrometer.core.instrument.MeterRegistry;
import io.netmaker.agent.child.ChildControl;
import io.netmaker.agent.child.StartGate;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.kubernetes.Cluster;
import io.netmaker.healthz.Checker;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's sidecar part, whole: the pod watch and interface poll ({@link SidecarMonitor}), its readiness check
 * under the {@code unready} loss policy, the wait gate that holds the first child start, and the tunnel's health
 * ({@link TunnelMonitor}). Built in one step from its settings and the pod's identity; without the pod's name or
 * namespace the pod watch reports itself off and never waits. The tunnel check is local: it runs with the pod's name
 * or an explicitly named interface, API or not.
 */
public final class SidecarAwareness {
    private static final Logger LOG = LoggerFactory.getLogger(SidecarAwareness.class);

    private final SidecarSettings settings;
    private final Cluster cluster;
    private final SidecarMonitor monitor;
    private final TunnelMonitor tunnel;
    private final boolean tunnelOn;
    private final String namespace;
    private final String podName;
    private boolean podWatchStarted;

    /**
     * @param podName the pod to watch, or null (then the part is off)
     * @param namespace its namespace, or null (then the part is off)
     * @param control restarts the child (loss policy, address change)
     * @param leading whether this replica's child holds the Lease now (for {@code step-down})
     * @param stepDown told before a step-down restart (the standby-first hold)
     */
    public SidecarAwareness(SidecarSettings settings, TunnelSettings tunnelSettings, String podName, String namespace,
            Cluster cluster, InterfaceLookup interfaces, ChildControl control, BooleanSupplier leading,
            StepDownListener stepDown, MeterRegistry registry) {
        this.settings = settings;
        this.cluster = cluster;
        this.podName = podName;
        this.namespace = namespace;
        this.monitor = new SidecarMonitor(settings, registry, interfaces, control, leading, stepDown);
        cluster.closeWithClient(monitor);
        this.tunnel = TunnelMonitor.system(tunnelSettings, settings, registry, control, leading, stepDown);
        this.tunnelOn = podName != null || tunnelSettings.interfaceExplicit();
        if (!tunnelOn) {
            tunnel.off("POD_NAME is not set and no interface is named (" + SidecarSettings.INTERFACE + ", "
                    + SidecarSettings.IFACE_NAME + ")");
        }
        LOG.info("sidecar awareness container={} interface={} wait={} waitTimeoutMs={} lossPolicy={}",
                settings.container(), settings.interfaceName(),
                settings.waitForSidecar().map(String::valueOf).orElse("auto"), settings.waitTimeout().toMillis(),
                EnvReader.configName(settings.lossPolicy()));
        if (!watchable()) {
            monitor.off(podName == null ? "POD_NAME is not set" : "the pod's namespace is unknown");
        }
    }

    private boolean watchable() {
        return podName != null && namespace != null;
    }

    /** The monitor: a child listener and the {@code sidecar} section of {@code /status}. */
    public SidecarMonitor monitor() {
        return monitor;
    }

    /** The tunnel watch: the {@code tunnel} section of {@code /status}. */
    public TunnelMonitor tunnel() {
        return tunnel;
    }

    /** The {@code tunnel} readiness check, when its policy has one. */
    public Optional<Checker> tunnelReadiness() {
        return tunnel.readiness();
    }

    /** Starts the tunnel watch when it is on (once the agent's HTTP server listens). */
    public void startTunnel() {
        if (tunnelOn) {
            tunnel.start();
        }
    }

    /** Stops the tunnel watch's thread. */
    public void close() {
        tunnel.close();
    }

    /** The {@code sidecar} readiness check under the {@code unready} loss policy. */
    public Optional<Checker> readiness() {
        return settings.lossPolicy() == LossPolicy.UNREADY ? Optional.of(monitor.readiness()) : Optional.empty();
    }

    /** The sidecar wait (a fatal timeout refuses the start); open at once when the part is off. */
    public StartGate gate() {
        return watchable() ? new SidecarWaitGate(settings, monitor, this::startWatching) : StartGate.OPEN;
    }

    /** Starts the pod watch once (the gate's thread, or the cluster's background thread after the child started). */
    public synchronized void startWatching() {
        if (watchable() && monitor.declared().isEmpty() && !podWatchStarted) {
            podWatchStarted = true;
            monitor.start(cluster.client(), namespace, podName);
        }
    }

    /** Looks at the watch so that losing and regaining the API server is logged even when nobody asks. */
    public void logWatchState() {
        monitor.podWatchLive();
    }
}

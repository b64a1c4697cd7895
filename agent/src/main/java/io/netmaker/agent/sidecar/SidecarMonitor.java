package io.netmaker.agent.sidecar;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netmaker.agent.child.ChildControl;
import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.child.ExitCause;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.status.StatusSection;
import io.netmaker.agent.kubernetes.ObjectWatch;
import io.netmaker.agent.kubernetes.PodView;
import io.netmaker.healthz.Checker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the sidecar: its container status through an informer on this pod (a generic resource, read as a
 * {@link PodView} per event), and its WireGuard interface locally. Applies the loss policy when a ready sidecar stops
 * being ready, restarts the child when the interface's IPv4 address changes, and offers the {@code sidecar}
 * readiness check, the {@code sidecar} {@code /status} section and the {@code netmaker_agent_sidecar_*} metrics.
 * Until the pod has been read it does not know whether a sidecar is declared; when none is, everything is off.
 */
public final class SidecarMonitor implements StatusSection, ChildListener, AutoCloseable {
    public static final String CHECK_NAME = "sidecar";
    private static final Logger LOG = LoggerFactory.getLogger(SidecarMonitor.class);

    /** How a wait for the sidecar ended. */
    public enum WaitResult { READY, NOT_DECLARED, TIMED_OUT }

    private final SidecarSettings settings;
    private final LossReaction reaction;
    private final InterfaceMonitor iface;
    private final ObjectWatch<GenericKubernetesResource> podWatch;
    private volatile KubernetesSerialization serialization;

    private final Object lock = new Object();
    private String offReason;
    private Boolean declared;
    private SidecarContainer container;
    private InterfaceState interfaceState;
    private boolean interfaceStarted;
    private boolean wasReady;
    private boolean childRunning;
    private String lastAddress;
    private String waitOutcome = "not waited";

    /**
     * @param control restarts the child (loss policy, address change)
     * @param leading whether this replica's child holds the Lease now (for {@code step-down})
     */
    public SidecarMonitor(SidecarSettings settings, MeterRegistry registry, InterfaceLookup lookup,
                          ChildControl control, BooleanSupplier leading) {
        this(settings, registry, lookup, control, leading, StepDownListener.NONE);
    }

    /** @param stepDown told before a step-down restart (the standby-first hold) */
    public SidecarMonitor(SidecarSettings settings, MeterRegistry registry, InterfaceLookup lookup, ChildControl control,
                   BooleanSupplier leading, StepDownListener stepDown) {
        this.settings = settings;
        this.reaction = new LossReaction("sidecar-actions", ExitCause.SIDECAR, registry, control, leading, stepDown);
        this.iface = new InterfaceMonitor(settings.interfaceName(), lookup, settings.pollInterval(),
                this::interfaceChanged);
        this.podWatch = new ObjectWatch<>("pod sidecar=" + settings.container(), this::podChanged);
        Gauge.builder("netmaker_agent_sidecar_ready", this, m -> m.gauge(m.ready() ? 1 : 0))
                .tag("container", settings.container()).strongReference(true)
                .description("1 when the sidecar container is ready and its interface usable; NaN when off or unknown")
                .register(registry);
        Gauge.builder("netmaker_agent_sidecar_restarts", this, m -> m.restartsValue())
                .tag("container", settings.container()).strongReference(true)
                .description("the sidecar container's restart count; NaN when off or unknown").register(registry);
        Gauge.builder("netmaker_agent_sidecar_interface_up", this, m -> m.interfaceValue())
                .tag("interface", settings.interfaceName()).strongReference(true)
                .description("1 when the interface is present, up and has an IPv4 address; NaN when off")
                .register(registry);
    }

    /** Turns everything off (no pod to watch), with the reason shown in {@code /status}. */
    public void off(String reason) {
        synchronized (lock) {
            offReason = reason;
            declared = false;
            lock.notifyAll();
        }
        LOG.info("sidecar awareness off reason={}", reason);
    }

    /** Starts the informer on this pod (non-blocking); the pod is read as a {@link PodView}. */
    public void start(KubernetesClient client, String namespace, String podName) {
        serialization = client.getKubernetesSerialization();
        podWatch.start(PodView.resource(client, namespace, podName)).thenRun(() -> {
            if (podWatch.current() == null) {
                podMissing(namespace + "/" + podName);
            }
        });
    }

    /** The first list found no such pod: nothing to watch, so nothing to wait for (until the pod shows up). */
    private void podMissing(String pod) {
        synchronized (lock) {
            if (declared == null) {
                declared = false;
                offReason = "pod " + pod + " not found";
                LOG.warn("sidecar awareness off reason=pod-not-found pod={}", pod);
            }
            lock.notifyAll();
        }
    }

    private void podChanged(GenericKubernetesResource resource) {
        if (resource == null) {
            return;
        }
        Optional<SidecarContainer> found = SidecarContainer.of(PodView.of(serialization, resource),
                settings.container());
        boolean startInterface = false;
        synchronized (lock) {
            if (found.isEmpty()) {
                if (!Boolean.FALSE.equals(declared)) {
                    LOG.info("sidecar awareness off reason=no-container container={}", settings.container());
                }
                declared = false;
                offReason = "the pod declares no container named " + settings.container();
            } else {
                declared = true;
                offReason = null;
                SidecarContainer previous = container;
                container = found.get();
                if (!container.equals(previous)) {
                    LOG.info("sidecar container changed container={} ready={} restarts={} waiting={} terminated={}",
                            settings.container(), container.ready(), container.restarts(), container.waitingReason(),
                            container.terminatedReason());
                }
                startInterface = !interfaceStarted;
                interfaceStarted = true;
            }
        }
        if (startInterface) {
            iface.start();
        }
        evaluate();
    }

    private void interfaceChanged(InterfaceState previous, InterfaceState next) {
        String changedFrom = null;
        synchronized (lock) {
            interfaceState = next;
            if (next.ipv4() != null) {
                if (lastAddress != null && !lastAddress.equals(next.ipv4()) && childRunning) {
                    changedFrom = lastAddress;
                }
                lastAddress = next.ipv4();
            }
        }
        if (changedFrom != null) {
            reaction.restart("sidecar interface address changed from " + changedFrom + " to " + next.ipv4(),
                    "address");
        }
        evaluate();
    }

    /** Applies the loss policy on a ready-to-unready transition and wakes waiters. */
    private void evaluate() {
        String lossReason = null;
        synchronized (lock) {
            boolean ready = readyLocked();
            if (wasReady && !ready && childRunning) {
                lossReason = notReadyReasonLocked();
            }
            wasReady = ready;
            lock.notifyAll();
        }
        if (lossReason != null) {
            reaction.onLoss(settings.lossPolicy(), "sidecar", lossReason);
        }
    }

    /** Whether the sidecar is declared, its container ready and its interface usable. */
    public boolean ready() {
        synchronized (lock) {
            return readyLocked();
        }
    }

    private boolean readyLocked() {
        return Boolean.TRUE.equals(declared) && container != null && container.ready()
                && interfaceState != null && interfaceState.usable();
    }

    private String notReadyReasonLocked() {
        if (container != null && !container.ready()) {
            return container.describe(settings.container());
        }
        return interfaceState == null ? "interface " + settings.interfaceName() + " not looked at yet"
                : interfaceState.describe(settings.interfaceName());
    }

    /** The {@code sidecar} readiness check: fails while a declared sidecar is not ready; passes when off. */
    public Checker readiness() {
        return () -> {
            synchronized (lock) {
                if (Boolean.TRUE.equals(declared) && !readyLocked()) {
                    throw new IllegalStateException(notReadyReasonLocked());
                }
            }
        };
    }

    /** Waits until the sidecar is ready or known to be absent, at most {@code timeout}. */
    public WaitResult awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                if (Boolean.FALSE.equals(declared)) {
                    return WaitResult.NOT_DECLARED;
                }
                if (readyLocked()) {
                    return WaitResult.READY;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return WaitResult.TIMED_OUT;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            }
        }
    }

    /** Whether the pod watch is live (false before it starts and while the API server is unreachable). */
    public boolean podWatchLive() {
        return podWatch.known();
    }

    /** Whether the pod declares the sidecar; empty until the pod has been read. */
    public Optional<Boolean> declared() {
        synchronized (lock) {
            return Optional.ofNullable(declared);
        }
    }

    void recordWait(String outcome) {
        synchronized (lock) {
            waitOutcome = outcome;
        }
    }

    @Override
    public void started(long pid) {
        synchronized (lock) {
            childRunning = true;
        }
    }

    @Override
    public void exited(ChildExit exit) {
        synchronized (lock) {
            childRunning = false;
        }
    }

    private double gauge(double value) {
        synchronized (lock) {
            return Boolean.TRUE.equals(declared) ? value : Double.NaN;
        }
    }

    private double restartsValue() {
        synchronized (lock) {
            return Boolean.TRUE.equals(declared) && container != null ? container.restarts() : Double.NaN;
        }
    }

    private double interfaceValue() {
        synchronized (lock) {
            return Boolean.TRUE.equals(declared) && interfaceState != null
                    ? (interfaceState.usable() ? 1 : 0) : Double.NaN;
        }
    }

    @Override
    public String name() {
        return "sidecar";
    }

    @Override
    public Object snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean podKnown = podWatch.known();
        synchronized (lock) {
            out.put("container", settings.container());
            out.put("interface", settings.interfaceName());
            if (Boolean.FALSE.equals(declared)) {
                out.put("state", "off");
                out.put("reason", offReason);
                out.put("wait", waitOutcome);
                return out;
            }
            out.put("state", declared == null ? "unknown" : readyLocked() ? "ready" : "not ready");
            out.put("podWatch", podKnown ? "live" : "unknown (last known status shown)");
            if (container != null) {
                out.put("containerReady", container.ready());
                out.put("restarts", container.restarts());
                out.put("waitingReason", container.waitingReason());
                out.put("terminatedReason", container.terminatedReason());
            }
            if (interfaceState != null) {
                out.put("interfacePresent", interfaceState.present());
                out.put("interfaceUp", interfaceState.up());
                out.put("ipv4", interfaceState.ipv4());
            }
            if (declared != null && !readyLocked()) {
                out.put("reason", notReadyReasonLocked());
            }
            out.put("lossPolicy", EnvReader.configName(settings.lossPolicy()));
            out.put("wait", waitOutcome);
            out.put("lastAction", reaction.lastAction());
        }
        return out;
    }

    @Override
    public void close() {
        podWatch.close();
        iface.close();
        reaction.close();
    }
}

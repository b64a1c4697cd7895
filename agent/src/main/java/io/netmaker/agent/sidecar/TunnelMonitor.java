package io.netmaker.agent.sidecar;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netmaker.agent.child.ChildControl;
import io.netmaker.agent.child.ExitCause;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.status.StatusSection;
import io.netmaker.concurrent.DaemonThreads;
import io.netmaker.healthz.Checker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether the sidecar's WireGuard tunnel carries traffic: reads the interface counters and, where its UAPI
 * socket is readable, the per-peer data once per poll interval on its own thread, judges {@link TunnelState} with a
 * {@link TunnelJudge}, logs one line per change, and offers the {@code tunnel} readiness check, the {@code tunnel}
 * {@code /status} section and the {@code netmaker_agent_tunnel_*} metrics.
 *
 * <p>With {@code AGENT_TUNNEL_CHECK=true} a silent tunnel is a sidecar loss under {@code AGENT_SIDECAR_LOSS_POLICY}:
 * {@code unready} and {@code step-down} fail the readiness check while silent; {@code restart} restarts the child
 * once per silent period; {@code step-down} restarts a leading child once per silent period, and again while the
 * tunnel stays silent and this replica leads again, after a back-off that starts at the silence time and doubles up
 * to 8 times it. Without it, everything is reported and nothing acts.
 */
public final class TunnelMonitor implements StatusSection, AutoCloseable {
    public static final String CHECK_NAME = "tunnel";
    private static final Logger LOG = LoggerFactory.getLogger(TunnelMonitor.class);
    private static final int MAX_BACKOFF_FACTOR = 8;

    private final TunnelSettings settings;
    private final String iface;
    private final LossPolicy policy;
    private final InterfaceCounters counters;
    private final WireGuardUapi uapi;
    private final LossReaction reaction;
    private final Clock clock;
    private final ScheduledExecutorService executor = DaemonThreads.scheduled("sidecar-tunnel");
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private final Object lock = new Object();
    private String offReason = "not started";
    private TunnelJudge judge;
    private TunnelVerdict verdict;
    private String lastChange = "none";
    private long silentSince = -1;
    private long nextStepDown;
    private int stepDownsThisPeriod;
    private long polls;
    private long cpuNanos;

    /**
     * @param control restarts the child (policies {@code restart} and {@code step-down})
     * @param leading whether this replica's child holds the Lease now
     * @param stepDown told before a step-down restart
     */
    public TunnelMonitor(TunnelSettings settings, SidecarSettings sidecar, MeterRegistry registry,
                         InterfaceCounters counters, WireGuardUapi uapi, ChildControl control, BooleanSupplier leading,
                         StepDownListener stepDown, Clock clock) {
        this.settings = settings;
        this.iface = sidecar.interfaceName();
        this.policy = sidecar.lossPolicy();
        this.counters = counters;
        this.uapi = uapi;
        this.clock = clock;
        this.reaction = new LossReaction("tunnel-actions", ExitCause.TUNNEL, registry, control, leading, stepDown);
        Gauge.builder("netmaker_agent_tunnel_live", this, m -> m.value(v -> switch (v.state()) {
                    case LIVE -> 1;
                    case SILENT -> 0;
                    case UNKNOWN -> Double.NaN;
                })).tag("interface", iface).strongReference(true)
                .description("1 when the sidecar's WireGuard tunnel carries traffic, 0 when silent, NaN when unknown"
                        + " or off").register(registry);
        Gauge.builder("netmaker_agent_tunnel_rx_age_seconds", this, m -> m.value(TunnelVerdict::secondsSinceRx))
                .tag("interface", iface).strongReference(true)
                .description("seconds since the tunnel last received a byte (since watching began when none yet)")
                .register(registry);
        Gauge.builder("netmaker_agent_tunnel_peers", this, m -> m.value(v -> count(v.peers())))
                .tag("interface", iface).strongReference(true)
                .description("WireGuard peers of the interface; NaN when per-peer data is unreadable")
                .register(registry);
        Gauge.builder("netmaker_agent_tunnel_peers_recent_handshake", this, m -> m.value(v -> count(v.peersRecent())))
                .tag("interface", iface).strongReference(true)
                .description("peers whose latest handshake is at most 180s old; NaN when per-peer data is unreadable")
                .register(registry);
    }

    /** Production signal sources for these settings. */
    public static TunnelMonitor system(TunnelSettings settings, SidecarSettings sidecar, MeterRegistry registry,
                                       ChildControl control, BooleanSupplier leading, StepDownListener stepDown) {
        return new TunnelMonitor(settings, sidecar, registry, InterfaceCounters.system(),
                new WireGuardUapi(settings.socketDir(), Duration.ofSeconds(1)), control, leading, stepDown,
                Clock.systemUTC());
    }

    /** Starts reading the signals on the monitor's thread: at once, then every poll interval. */
    public void start() {
        synchronized (lock) {
            offReason = null;
            judge = new TunnelJudge(settings.silence(), settings.handshakeTimeout(), System.nanoTime());
        }
        LOG.info("tunnel watch on interface={} check={} lossPolicy={} silenceMs={} handshakeTimeoutMs={}", iface,
                settings.check(), EnvReader.configName(policy), settings.silence().toMillis(),
                settings.handshakeTimeout().toMillis());
        long period = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::poll, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Leaves the watch off, with the reason shown in {@code /status}. */
    public void off(String reason) {
        synchronized (lock) {
            offReason = reason;
        }
        LOG.info("tunnel watch off reason={}", reason);
    }

    void poll() {
        long cpuBefore = threads.getCurrentThreadCpuTime();
        try {
            pollOnce();
        } catch (RuntimeException e) {
            LOG.warn("tunnel read failed interface={} error={}", iface, e.toString());
        } finally {
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            synchronized (lock) {
                polls++;
                cpuNanos += Math.max(0, cpu);
            }
        }
    }

    private void pollOnce() {
        InterfaceCounters.Read c = counters.read(iface);
        WireGuardUapi.Read u = uapi.read(iface);
        long now = System.nanoTime();
        TunnelVerdict next;
        TunnelState previous;
        boolean loss = false;
        boolean stepDownDue = false;
        synchronized (lock) {
            next = judge.judge(c, u, now, clock.instant().getEpochSecond());
            previous = verdict == null ? null : verdict.state();
            verdict = next;
            if (next.state() != previous) {
                lastChange = next.state().name().toLowerCase() + " at " + clock.instant();
            }
            if (next.state() == TunnelState.SILENT) {
                if (silentSince < 0) {
                    silentSince = now;
                    nextStepDown = now;
                    stepDownsThisPeriod = 0;
                    loss = true;
                }
                stepDownDue = settings.check() && policy == LossPolicy.STEP_DOWN && now - nextStepDown >= 0;
            } else {
                silentSince = -1;
            }
        }
        if (next.state() != previous) {
            LOG.info("tunnel state changed interface={} state={} previous={} source={} reason={}", iface,
                    next.state().name().toLowerCase(), previous == null ? "none" : previous.name().toLowerCase(),
                    next.source(), next.reason());
        }
        if (!settings.check()) {
            return;
        }
        if (policy != LossPolicy.STEP_DOWN) {
            if (loss) {
                reaction.onLoss(policy, "tunnel", next.reason());
            }
        } else if (!(stepDownDue && stepDownIfLeading(next.reason(), now)) && loss) {
            LOG.warn("tunnel lost, not leading so no step-down reason={}", next.reason());
        }
    }

    /**
     * Steps down when leading and schedules the next allowed step-down of this silent period (back-off).
     *
     * @return whether it stepped down
     */
    private boolean stepDownIfLeading(String reason, long now) {
        if (!reaction.leading()) {
            return false;
        }
        int n;
        synchronized (lock) {
            n = stepDownsThisPeriod++;
            long factor = Math.min(1L << Math.min(n, 30), MAX_BACKOFF_FACTOR);
            nextStepDown = now + settings.silence().toNanos() * factor;
        }
        reaction.stepDown("tunnel silent while leading, stepping down" + (n > 0 ? " again (" + (n + 1) + ")" : "")
                + ": " + reason);
        return true;
    }

    /** The current state; {@code UNKNOWN} before the first reading and when off. */
    public TunnelState state() {
        synchronized (lock) {
            return verdict == null || offReason != null ? TunnelState.UNKNOWN : verdict.state();
        }
    }

    /**
     * The {@code tunnel} readiness check: fails while the tunnel is silent, under {@code AGENT_TUNNEL_CHECK=true}
     * with the {@code unready} or {@code step-down} policy; empty otherwise.
     */
    public Optional<Checker> readiness() {
        if (!settings.check() || policy != LossPolicy.UNREADY && policy != LossPolicy.STEP_DOWN) {
            return Optional.empty();
        }
        return Optional.of(() -> {
            synchronized (lock) {
                if (offReason == null && verdict != null && verdict.state() == TunnelState.SILENT) {
                    throw new IllegalStateException("tunnel " + iface + " silent: " + verdict.reason());
                }
            }
        });
    }

    private double value(ToDoubleFunction<TunnelVerdict> f) {
        synchronized (lock) {
            return verdict == null || offReason != null ? Double.NaN : f.applyAsDouble(verdict);
        }
    }

    private static double count(int n) {
        return n < 0 ? Double.NaN : n;
    }

    @Override
    public String name() {
        return "tunnel";
    }

    @Override
    public Object snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        synchronized (lock) {
            out.put("interface", iface);
            if (offReason != null) {
                out.put("state", "off");
                out.put("reason", offReason);
                return out;
            }
            out.put("state", verdict == null ? "unknown" : verdict.state().name().toLowerCase());
            out.put("reason", verdict == null ? "not read yet" : verdict.reason());
            out.put("source", verdict == null ? "none" : verdict.source());
            if (verdict != null) {
                out.put("secondsSinceRx", Double.isNaN(verdict.secondsSinceRx()) ? null
                        : Math.round(verdict.secondsSinceRx() * 10) / 10.0);
                out.put("peers", verdict.peers() < 0 ? null : verdict.peers());
                out.put("peersRecentHandshake", verdict.peersRecent() < 0 ? null : verdict.peersRecent());
            }
            out.put("socket", uapi.socket(iface).toString());
            out.put("check", settings.check() ? "on (" + EnvReader.configName(policy) + ")" : "off (report only)");
            out.put("silence", settings.silence().toMillis() + " ms");
            out.put("handshakeTimeout", settings.handshakeTimeout().toMillis() + " ms");
            out.put("lastChange", lastChange);
            out.put("lastAction", reaction.lastAction());
            out.put("reads", polls);
            out.put("readCpuMs", Math.round(cpuNanos / 1e4) / 100.0);
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        reaction.close();
    }
}

package io.netmaker.agent.child;

import io.netmaker.agent.config.ChildLivenessSettings;
import io.netmaker.concurrent.DaemonThreads;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The liveness probe kubelet would run on the operator, now that kubelet probes the agent: calls the child's own
 * {@code /healthz} every period (failures count once the child has answered or has run the start-up allowance),
 * and asks for a restart (reason
 * {@code liveness}, counted in {@code child_restarts_total{reason="liveness"}}) after the configured number of
 * failures in a row. A child that is alive but hung (deadlocked, not serving) is restarted; one that exits is the
 * supervisor's business, not this probe's.
 */
public final class ChildLiveness implements ChildListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChildLiveness.class);
    /** The restart reason; the metrics turn it into {@code reason="liveness"}. */

    private final ChildLivenessSettings settings;
    private final Probe probe;
    private final ChildControl control;
    private final LongSupplier nanoTime;
    private final Object lock = new Object();
    private ScheduledExecutorService timer;
    private long generation;
    private long startedAt;
    private boolean running;
    private boolean answered;
    private int failures;

    /** One call of the child's {@code /healthz}: null when it passed, else why not. */
    @FunctionalInterface
    interface Probe {
        String failure() throws InterruptedException;
    }

    public ChildLiveness(ChildLivenessSettings settings, ChildProbe probe, ChildControl control, LongSupplier nanoTime) {
        this(settings, (Probe) probe::failure, control, nanoTime);
    }

    ChildLiveness(ChildLivenessSettings settings, Probe probe, ChildControl control, LongSupplier nanoTime) {
        this.settings = settings;
        this.probe = probe;
        this.control = control;
        this.nanoTime = nanoTime;
    }

    @Override
    public void started(long pid) {
        if (!settings.enabled()) {
            return;
        }
        synchronized (lock) {
            generation++;
            startedAt = nanoTime.getAsLong();
            running = true;
            answered = false;
            failures = 0;
            if (timer == null) {
                timer = DaemonThreads.scheduled("child-liveness");
                long period = settings.period().toMillis();
                timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void exited(ChildExit exit) {
        synchronized (lock) {
            running = false;
            failures = 0;
        }
    }

    /**
     * One probe round. Inside the start-up allowance a failure counts only once the child has answered: a slow start
     * is not a hang, and a child that answered and then stopped is one, allowance or not.
     */
    void tick() {
        long probed;
        boolean starting;
        synchronized (lock) {
            if (!running) {
                return;
            }
            probed = generation;
            starting = !answered && nanoTime.getAsLong() - startedAt < settings.delay().toNanos();
        }
        String failure;
        try {
            failure = probe.failure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            failure = e.getClass().getSimpleName();
        }
        int count;
        synchronized (lock) {
            if (probed != generation || !running) {
                return; // the child changed meanwhile: this answer is about the old one
            }
            answered |= failure == null;
            if (failure != null && starting) {
                return;
            }
            failures = failure == null ? 0 : failures + 1;
            count = failures;
            if (count >= settings.failures()) {
                failures = 0;
            }
        }
        if (failure == null) {
            return;
        }
        LOG.warn("child liveness call failed failures={} of={} reason=\"{}\"", count, settings.failures(), failure);
        if (count >= settings.failures()) {
            control.restart(ExitCause.LIVENESS, "child /healthz failed " + count + " times in a row (" + failure + ")");
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}

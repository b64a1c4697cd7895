package io.netmaker.agent.child;

import io.netmaker.agent.config.RestartPolicy;
import io.netmaker.agent.config.SupervisionSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the child and keeps it running: tini semantics (output through unchanged, one forwarded SIGTERM, the child's
 * exit code or 128+signal) plus restarts with capped exponential back-off and a restart budget.
 *
 * <p>A state machine ({@link Phase}); every field below {@code lock} is read and written only under it, and every
 * change of phase goes through {@link #enter}, which logs it. Transitions:
 * <pre>
 *   GATED       -> RUNNING (gate open, child started) | ENDED (stop, gate refused, cannot start)
 *   RUNNING     -> RESTARTING (restart asked for) | STOPPING (stop) | BACKING_OFF (exit, policy restarts)
 *                | ENDED (exit, policy does not restart, or budget spent)
 *   RESTARTING  -> RUNNING (old child gone, new one started) | STOPPING (stop)
 *   BACKING_OFF -> RUNNING (delay over, or a restart asked for) | ENDED (stop)
 *   STOPPING    -> ENDED (child gone)
 * </pre>
 * Every end of a run is a {@link ChildExit} with an {@link ExitCause}; the agent's own end is one too (the last).
 */
public final class Supervisor implements ChildControl {
    /** How often a running child's descendants are noted, to stop the ones it orphans (see {@link #awaitExit}). */
    private static final long DESCENDANT_SCAN_MILLIS = 250;

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** Exit code when the command cannot be started at all, as a shell reports "command not found". */
    public static final int CANNOT_START = 127;

    /** The supervisor's states; {@link #label()} is what {@code /status} shows. */
    public enum Phase {
        /** Before the first start: waiting for the start gate. */
        GATED,
        /** A child runs. */
        RUNNING,
        /** A restart was asked for: the child was sent SIGTERM and is being replaced without back-off. */
        RESTARTING,
        /** The child exited and the policy restarts it: waiting out the back-off. */
        BACKING_OFF,
        /** The agent got a stop signal: the child was sent it and is going for good. */
        STOPPING,
        /** The supervisor returned (or is about to): the agent exits. */
        ENDED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Starts one child process with stdout and stderr piped. {@code replan}: the last run met a taken port. */
    @FunctionalInterface
    public interface Launcher {
        Process launch(boolean replan) throws IOException;
    }

    /** What /status shows about the child; {@code lastExit} is null before the first end. */
    public record State(Phase phase, Long pid, boolean running, int starts, int restarts, int fastFailures,
            ChildExit lastExit, Instant startedAt, boolean withinBudget) {}

    /** A restart asked for by another part. */
    private record Request(ExitCause cause, String detail) {}

    private final SupervisionSettings settings;
    private final Launcher launcher;
    private final List<ChildListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final TerminationLog terminationLog;
    private final OutputStream out;
    private final OutputStream err;
    private final Backoff backoff;
    private final Signaller signaller = new Signaller();

    private final Object lock = new Object();
    private Phase phase = Phase.GATED;
    private Process current;
    private Instant startedAt;
    private int starts;
    private int restarts;
    private int fastFailures;
    private ChildExit lastExit;
    private boolean addressInUse;
    private int stopSignal; // 0 while no stop was requested
    private Request request;
    private Thread stopper;
    private Thread gateWaiter;

    public Supervisor(SupervisionSettings settings, Launcher launcher, Clock clock, TerminationLog terminationLog,
            OutputStream out, OutputStream err) {
        this.settings = settings;
        this.launcher = launcher;
        this.clock = clock;
        this.terminationLog = terminationLog;
        this.out = out;
        this.err = err;
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax());
    }

    /** Observes every child start and exit from now on (called on the supervisor's thread, in subscription order). */
    public void subscribe(ChildListener listener) {
        listeners.add(listener);
    }

    /** Runs until the child ends for good; returns the agent's exit code. */
    public int run(StartGate gate) throws InterruptedException {
        ChildExit refused = passGate(gate);
        if (refused != null) {
            return finish(refused);
        }
        boolean replan = false;
        while (true) {
            Process process;
            int start;
            synchronized (lock) {
                if (stopSignal != 0) {
                    return finish(stoppedBeforeStart("before the child started"));
                }
                try {
                    process = launcher.launch(replan);
                } catch (IOException | RuntimeException e) {
                    LOG.error("child could not be started error={}", e.getMessage());
                    return finish(new ChildExit(CANNOT_START, ExitCause.CANNOT_START,
                            "child could not be started: " + e.getMessage(), false));
                }
                current = process;
                startedAt = clock.instant();
                start = ++starts;
                addressInUse = false;
                request = null;
                enter(Phase.RUNNING);
            }
            LOG.info("child started pid={} start={}", process.pid(), start);
            notifyListeners(l -> l.started(process.pid()));
            Thread outPump = OutputPump.start("child-stdout", process.getInputStream(), out, this::sawAddressInUse);
            Thread errPump = OutputPump.start("child-stderr", process.getErrorStream(), err, this::sawAddressInUse);
            Set<ProcessHandle> seen = new HashSet<>();
            int code = awaitExit(process, seen);
            outPump.join(1000);
            errPump.join(1000);
            Ended ended = ended(code);
            // a stop or restart request's stopper signals the tree first; what it did not reach is stopped next
            joinStopper();
            ProcessTree.terminateOrphans(seen, settings.shutdownGrace());
            ChildExit exit = ended.exit();
            LOG.warn("child exited code={} cause={} reason=\"{}\" ran_ms={} restarting={}", exit.code(),
                    exit.cause().label(), exit.reason(), ended.ran().toMillis(), exit.restarting());
            notifyListeners(l -> l.exited(exit));
            if (!exit.restarting()) {
                return finish(exit);
            }
            if (ended.backoff() != null) {
                LOG.info("child restart scheduled delay_ms={} fast_failures={}", ended.backoff().toMillis(),
                        ended.fastFailures());
                if (awaitBackoff(ended.backoff())) {
                    return finish(stoppedBeforeStart("while waiting to restart"));
                }
            }
            synchronized (lock) {
                restarts++;
            }
            replan = exit.cause() == ExitCause.ADDRESS_IN_USE;
        }
    }

    /** How a run ended, decided under the lock at once when the child was gone. */
    private record Ended(ChildExit exit, Duration ran, Duration backoff, int fastFailures) {}

    private Ended ended(int code) {
        synchronized (lock) {
            Duration ran = Duration.between(startedAt, clock.instant());
            current = null;
            ChildExit exit;
            Duration delay = null;
            if (stopSignal != 0) {
                exit = new ChildExit(code, ExitCause.STOPPED,
                        "stopped by signal " + stopSignal + "; child " + ExitCodes.describe(code), false);
            } else if (request != null) {
                exit = new ChildExit(code, request.cause(), "restart requested: " + request.detail(), true);
                enter(Phase.RESTARTING);
            } else {
                // a taken port matters only when the child failed; its log line alone (on exit 0) is no reason
                boolean portTaken = addressInUse && code != 0;
                ExitCause cause = portTaken ? ExitCause.ADDRESS_IN_USE
                        : ExitCodes.signalOf(code) != 0 ? ExitCause.SIGNAL : ExitCause.EXIT;
                String reason = portTaken ? "address already in use; " + ExitCodes.describe(code)
                        : ExitCodes.describe(code);
                boolean restart = wantsRestart(code);
                if (!ran.minus(settings.resetAfter()).isNegative()) {
                    fastFailures = 0;
                }
                if (restart) {
                    fastFailures++;
                    if (settings.maxRestarts() > 0 && fastFailures > settings.maxRestarts()) {
                        restart = false;
                        cause = ExitCause.GAVE_UP;
                        reason = reason + "; gave up after " + settings.maxRestarts() + " restarts in a row";
                    }
                }
                exit = new ChildExit(code, cause, reason, restart);
                if (restart) {
                    delay = backoff.delay(fastFailures);
                    enter(Phase.BACKING_OFF);
                }
            }
            lastExit = exit;
            return new Ended(exit, ran, delay, fastFailures);
        }
    }

    private ChildExit stoppedBeforeStart(String when) {
        synchronized (lock) {
            return new ChildExit(128 + stopSignal, ExitCause.STOPPED, "stopped by signal " + stopSignal + " " + when,
                    false);
        }
    }

    /**
     * Asks the child to stop for good (the agent got {@code signal}): the first call sends the child and its
     * descendants one SIGINT when that was the signal, else one SIGTERM, and kills what outlives the grace; later
     * calls do nothing.
     */
    public void stop(int signal) {
        synchronized (lock) {
            if (stopSignal != 0 || phase == Phase.ENDED) {
                return;
            }
            stopSignal = signal;
            LOG.info("stopping child signal={} grace_ms={}", signal, settings.shutdownGrace().toMillis());
            if (gateWaiter != null) {
                gateWaiter.interrupt();
            }
            if (current != null) {
                enter(Phase.STOPPING);
                terminateCurrent(signal == ExitCodes.SIGINT ? "INT" : "TERM");
            }
            lock.notifyAll();
        }
    }

    /** Passes {@code signal} (a name like {@code HUP}) to the running child unchanged; dropped when none runs. */
    public void forward(String signal) {
        Process process;
        synchronized (lock) {
            process = current;
        }
        if (process == null || !process.isAlive()) {
            LOG.info("signal not forwarded, no child running signal=SIG{}", signal);
            return;
        }
        if (signaller.send(process.pid(), signal)) {
            LOG.info("signal forwarded signal=SIG{} pid={}", signal, process.pid());
        }
    }

    /** Stops the child gracefully and starts it again at once, without back-off and outside the budget. */
    @Override
    public void restart(ExitCause cause, String detail) {
        synchronized (lock) {
            if (stopSignal != 0 || request != null || phase == Phase.ENDED) {
                return;
            }
            LOG.info("child restart requested cause={} detail=\"{}\"", cause.label(), detail);
            request = new Request(cause, detail);
            if (current == null) {
                lock.notifyAll(); // cuts a back-off short
            } else {
                enter(Phase.RESTARTING);
                terminateCurrent("TERM");
            }
        }
    }

    public State state() {
        synchronized (lock) {
            return new State(phase, current == null ? null : current.pid(), current != null && current.isAlive(),
                    starts, restarts, fastFailures, lastExit, current == null ? null : startedAt, withinBudgetLocked());
        }
    }

    /** False once the restart budget is spent (the agent is about to exit). */
    public boolean withinBudget() {
        synchronized (lock) {
            return withinBudgetLocked();
        }
    }

    private boolean withinBudgetLocked() {
        return lastExit == null || lastExit.cause() != ExitCause.GAVE_UP;
    }

    /** Under the lock: the one place a phase changes. */
    private void enter(Phase next) {
        if (phase != next) {
            LOG.debug("supervisor phase from={} to={}", phase.label(), next.label());
            phase = next;
        }
    }

    private void sawAddressInUse() {
        synchronized (lock) {
            if (!addressInUse) {
                LOG.warn("child reported a taken port; the agent will re-plan its ports");
            }
            addressInUse = true;
        }
    }

    private boolean wantsRestart(int code) {
        RestartPolicy policy = settings.restartPolicy();
        return policy == RestartPolicy.ALWAYS || (policy == RestartPolicy.ON_FAILURE && code != 0);
    }

    /** Waits out the back-off; true when a stop arrived meanwhile. A restart request cuts it short. */
    private boolean awaitBackoff(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (lock) {
            while (stopSignal == 0 && request == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000), 0);
            }
            return stopSignal != 0;
        }
    }

    /** Under the lock: signals the running child's tree on a stopper thread (SIGKILL after the grace). */
    private void terminateCurrent(String signal) {
        Process process = current;
        stopper = new Thread(() -> ProcessTree.terminate(process, settings.shutdownGrace(), signal, signaller),
                "child-stopper");
        stopper.setDaemon(true);
        stopper.start();
    }

    private void joinStopper() throws InterruptedException {
        Thread t;
        synchronized (lock) {
            t = stopper;
            stopper = null;
        }
        if (t != null) {
            t.join();
        }
    }

    private void notifyListeners(Consumer<ChildListener> event) {
        for (ChildListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("child listener failed listener={} error={}", l.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /**
     * Waits for the child, noting its descendants as it runs: once the child is gone, what it left running is
     * re-parented and no longer its descendant, so only this list can find it again.
     */
    private static int awaitExit(Process process, Set<ProcessHandle> seen) throws InterruptedException {
        while (true) {
            process.descendants().forEach(seen::add);
            if (process.waitFor(DESCENDANT_SCAN_MILLIS, TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        }
    }

    /**
     * Waits for the gate; a stop meanwhile interrupts the wait. Returns the agent's end when the child must not
     * start (stopped first, or the gate refused), else null.
     */
    private ChildExit passGate(StartGate gate) throws InterruptedException {
        synchronized (lock) {
            if (stopSignal != 0) {
                return stoppedBeforeStart("before the child started");
            }
            gateWaiter = Thread.currentThread();
        }
        try {
            gate.await();
        } catch (StartGate.Refused e) {
            LOG.error("child not started, the start gate refused reason={}", e.getMessage());
            return new ChildExit(e.exitCode(), ExitCause.GATE_REFUSED, e.getMessage(), false);
        } catch (InterruptedException e) {
            synchronized (lock) {
                if (stopSignal == 0) {
                    throw e;
                }
            }
        } finally {
            synchronized (lock) {
                gateWaiter = null;
            }
            Thread.interrupted(); // a stop's interrupt must not leak into the child's run
        }
        synchronized (lock) {
            return stopSignal == 0 ? null : stoppedBeforeStart("before the child started");
        }
    }

    /** The agent's end: recorded, logged, written to the termination log as {@code <cause>: <reason>}. */
    private int finish(ChildExit end) {
        synchronized (lock) {
            lastExit = end;
            enter(Phase.ENDED);
        }
        signaller.close();
        LOG.info("agent exiting code={} cause={} reason=\"{}\"", end.code(), end.cause().label(), end.reason());
        terminationLog.write(end.cause().label() + ": " + end.reason());
        return end.code();
    }
}

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
 */
public final class Supervisor implements ChildControl {
    /** How often a running child's descendants are noted, to stop the ones it orphans (see {@link #awaitExit}). */
    private static final long DESCENDANT_SCAN_MILLIS = 250;

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** Exit code when the command cannot be started at all, as a shell reports "command not found". */
    public static final int CANNOT_START = 127;

    /** Starts one child process with stdout and stderr piped. {@code replan}: the last run met a taken port. */
    @FunctionalInterface
    public interface Launcher {
        Process launch(boolean replan) throws IOException;
    }

    /** What /status shows about the child. */
    public record State(Long pid, boolean running, int starts, int restarts, int fastFailures, Integer lastExitCode,
            String lastExitReason, Instant startedAt, boolean withinBudget) {}

    private final SupervisionSettings settings;
    private final Launcher launcher;
    private final List<ChildListener> listeners;
    private final Clock clock;
    private final TerminationLog terminationLog;
    private final OutputStream out;
    private final OutputStream err;
    private final Backoff backoff;

    private final Object lock = new Object();
    private Process current;
    private Instant startedAt;
    private int starts;
    private int restarts;
    private int fastFailures;
    private Integer lastExitCode;
    private String lastExitReason;
    private boolean givenUp;
    private volatile boolean addressInUse;
    private int stopSignal; // 0 while no stop was requested
    private String restartRequest;
    private Thread stopper;
    private Thread gateWaiter;

    public Supervisor(SupervisionSettings settings, Launcher launcher, List<ChildListener> listeners, Clock clock,
            TerminationLog terminationLog, OutputStream out, OutputStream err) {
        this.settings = settings;
        this.launcher = launcher;
        this.listeners = new CopyOnWriteArrayList<>(listeners);
        this.clock = clock;
        this.terminationLog = terminationLog;
        this.out = out;
        this.err = err;
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax());
    }

    /** Runs until the child ends for good; returns the agent's exit code. */
    public int run(StartGate gate) throws InterruptedException {
        try {
            if (!passGate(gate)) {
                return finish(128 + stopSignal, "stopped by signal " + stopSignal + " before the child started");
            }
        } catch (StartGate.Refused e) {
            LOG.error("child not started, the start gate refused reason={}", e.getMessage());
            return finish(e.exitCode(), e.getMessage());
        }
        boolean replan = false;
        while (true) {
            Process process;
            synchronized (lock) {
                if (stopSignal != 0) {
                    return finish(128 + stopSignal, "stopped by signal " + stopSignal + " before the child started");
                }
                try {
                    process = launcher.launch(replan);
                } catch (IOException | RuntimeException e) {
                    LOG.error("child could not be started error={}", e.getMessage());
                    return finish(CANNOT_START, "child could not be started: " + e.getMessage());
                }
                current = process;
                startedAt = clock.instant();
                starts++;
                addressInUse = false;
                restartRequest = null;
            }
            LOG.info("child started pid={} start={}", process.pid(), starts);
            notifyListeners(l -> l.started(process.pid()));
            Thread outPump = OutputPump.start("child-stdout", process.getInputStream(), out, this::sawAddressInUse);
            Thread errPump = OutputPump.start("child-stderr", process.getErrorStream(), err, this::sawAddressInUse);
            Set<ProcessHandle> seen = new HashSet<>();
            int code = awaitExit(process, seen);
            outPump.join(1000);
            errPump.join(1000);
            Duration ran = Duration.between(startedAt, clock.instant());

            String requested;
            int signal;
            synchronized (lock) {
                current = null;
                lastExitCode = code;
                signal = stopSignal;
                requested = restartRequest;
            }
            // a stop or restart request's stopper signals the tree first; what it did not reach is stopped next
            joinStopper();
            ProcessTree.terminateOrphans(seen, settings.shutdownGrace());
            if (signal != 0) {
                String reason = "stopped by signal " + signal + "; child " + ExitCodes.describe(code);
                notifyExit(new ChildExit(code, reason, false));
                return finish(code, reason);
            }
            if (requested != null) {
                restarts++;
                notifyExit(new ChildExit(code, "restart requested: " + requested, true));
                replan = false;
                continue;
            }
            // a taken port matters only when the child failed; its log line alone (on exit 0) is no reason to re-plan
            boolean portTaken = addressInUse && code != 0;
            String reason = portTaken ? "address already in use; " + ExitCodes.describe(code) : ExitCodes.describe(code);
            boolean restart = wantsRestart(code);
            if (!ran.minus(settings.resetAfter()).isNegative()) {
                fastFailures = 0;
            }
            if (restart) {
                fastFailures++;
                if (settings.maxRestarts() > 0 && fastFailures > settings.maxRestarts()) {
                    restart = false;
                    givenUp = true;
                    reason = reason + "; gave up after " + settings.maxRestarts() + " restarts in a row";
                }
            }
            if (!restart) {
                // a restart asked for while this exit was being handled is not lost
                synchronized (lock) {
                    requested = restartRequest;
                }
                if (requested != null) {
                    restarts++;
                    notifyExit(new ChildExit(code, "restart requested: " + requested, true));
                    replan = portTaken;
                    continue;
                }
            }
            LOG.warn("child exited code={} reason=\"{}\" ran_ms={} restarting={}", code, reason, ran.toMillis(), restart);
            notifyExit(new ChildExit(code, reason, restart));
            if (!restart) {
                return finish(code, reason);
            }
            Duration delay = backoff.delay(fastFailures);
            LOG.info("child restart scheduled delay_ms={} fast_failures={}", delay.toMillis(), fastFailures);
            if (awaitBackoff(delay)) {
                synchronized (lock) {
                    return finish(128 + stopSignal, "stopped by signal " + stopSignal + " while waiting to restart");
                }
            }
            restarts++;
            replan = portTaken;
        }
    }

    /**
     * Asks the child to stop for good (the agent got {@code signal}): the first call sends the child and its
     * descendants one SIGINT when that was the signal, else one SIGTERM, and kills what outlives the grace; later
     * calls do nothing.
     */
    public void stop(int signal) {
        synchronized (lock) {
            if (stopSignal != 0) {
                return;
            }
            stopSignal = signal;
            LOG.info("stopping child signal={} grace_ms={}", signal, settings.shutdownGrace().toMillis());
            if (gateWaiter != null) {
                gateWaiter.interrupt();
            }
            terminateCurrent(signal == ExitCodes.SIGINT ? "INT" : "TERM");
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
        if (ProcessTree.send(process.pid(), signal)) {
            LOG.info("signal forwarded signal=SIG{} pid={}", signal, process.pid());
        }
    }

    /** Stops the child gracefully and starts it again at once, without back-off and outside the budget. */
    @Override
    public void restart(String reason) {
        synchronized (lock) {
            if (stopSignal != 0 || restartRequest != null) {
                return;
            }
            LOG.info("child restart requested reason=\"{}\"", reason);
            restartRequest = reason;
            if (current == null) {
                lock.notifyAll();
            } else {
                terminateCurrent("TERM");
            }
        }
    }

    public State state() {
        synchronized (lock) {
            return new State(current == null ? null : current.pid(), current != null && current.isAlive(), starts,
                    restarts, fastFailures, lastExitCode, lastExitReason, current == null ? null : startedAt,
                    !givenUp);
        }
    }

    /** False once the restart budget is spent (the agent is about to exit). */
    public boolean withinBudget() {
        synchronized (lock) {
            return !givenUp;
        }
    }

    private void sawAddressInUse() {
        if (!addressInUse) {
            LOG.warn("child reported a taken port; the agent will re-plan its ports");
        }
        addressInUse = true;
    }

    private boolean wantsRestart(int code) {
        RestartPolicy policy = settings.restartPolicy();
        return policy == RestartPolicy.ALWAYS || (policy == RestartPolicy.ON_FAILURE && code != 0);
    }

    /** Waits out the back-off; true when a stop arrived meanwhile. A restart request cuts it short. */
    private boolean awaitBackoff(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (lock) {
            while (stopSignal == 0 && restartRequest == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000), 0);
            }
            return stopSignal != 0;
        }
    }

    private void terminateCurrent(String signal) {
        Process process = current;
        if (process == null) {
            return;
        }
        stopper = new Thread(() -> ProcessTree.terminate(process, settings.shutdownGrace(), signal), "child-stopper");
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

    private void notifyExit(ChildExit exit) {
        synchronized (lock) {
            lastExitReason = exit.reason();
        }
        notifyListeners(l -> l.exited(exit));
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

    /** Waits for the gate; a stop meanwhile interrupts the wait. False when stopped before the gate opened. */
    private boolean passGate(StartGate gate) throws InterruptedException {
        synchronized (lock) {
            if (stopSignal != 0) {
                return false;
            }
            gateWaiter = Thread.currentThread();
        }
        try {
            gate.await();
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
            return stopSignal == 0;
        }
    }

    private int finish(int code, String reason) {
        synchronized (lock) {
            lastExitReason = reason;
        }
        LOG.info("agent exiting code={} reason=\"{}\"", code, reason);
        terminationLog.write(reason);
        return code;
    }
}

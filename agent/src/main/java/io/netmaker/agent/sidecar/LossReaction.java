package io.netmaker.agent.sidecar;

import io.micrometer.core.instrument.MeterRegistry;
import io.netmaker.agent.child.ChildControl;
import io.netmaker.agent.child.ExitCause;
import io.netmaker.concurrent.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a loss policy does with a loss (of the sidecar, or of its tunnel): log it, restart the child, or restart it
 * only while it leads. Restarts go through {@link ChildControl} on their own thread, never on the caller's (an
 * informer or a poll thread), and are counted in {@code netmaker_agent_sidecar_child_restarts_total{cause}}.
 */
final class LossReaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LossReaction.class);

    private final MeterRegistry registry;
    private final ExitCause cause;
    private final ChildControl control;
    private final BooleanSupplier leading;
    private final StepDownListener stepDown;
    private final ExecutorService actions;
    private volatile String lastAction = "none";

    /** @param cause what the restarts it asks for are counted and reported under */
    LossReaction(String threadName, ExitCause cause, MeterRegistry registry, ChildControl control,
                 BooleanSupplier leading, StepDownListener stepDown) {
        this.registry = registry;
        this.cause = cause;
        this.control = control;
        this.leading = leading;
        this.stepDown = stepDown;
        this.actions = DaemonThreads.single(threadName);
    }

    /**
     * Applies {@code policy} to a loss; {@code what} names the lost thing in log lines ({@code sidecar},
     * {@code tunnel}). {@code UNREADY} only logs here: the readiness check does the rest.
     *
     * @return whether the child was asked to restart
     */
    boolean onLoss(LossPolicy policy, String what, String reason) {
        switch (policy) {
            case UNREADY -> LOG.warn("{} lost, reporting unready reason={}", what, reason);
            case IGNORE -> LOG.warn("{} lost, ignored by policy reason={}", what, reason);
            case RESTART -> {
                restart(what + " lost: " + reason, "loss");
                return true;
            }
            case STEP_DOWN -> {
                if (leading.getAsBoolean()) {
                    stepDown(what + " lost while leading, stepping down: " + reason);
                    return true;
                }
                LOG.warn("{} lost, not leading so no step-down reason={}", what, reason);
            }
        }
        return false;
    }

    /** Whether this replica's child leads now, by the last known Lease state. */
    boolean leading() {
        return leading.getAsBoolean();
    }

    /** Restarts a leading child so that the Lease moves; the step-down listener hears of it first. */
    void stepDown(String reason) {
        stepDown.steppingDown();
        restart(reason, "step-down");
    }

    /** Restarts the child with a cause label ({@code loss}, {@code step-down}, {@code address}). */
    void restart(String reason, String cause) {
        lastAction = "restart (" + reason + ")";
        registry.counter("netmaker_agent_sidecar_child_restarts", "cause", cause).increment();
        LOG.warn("restarting child cause={} reason={}", cause, reason);
        // the supervisor's restart may wait for the child to stop: never on the informer or poll thread
        actions.execute(() -> control.restart(this.cause, reason));
    }

    String lastAction() {
        return lastAction;
    }

    @Override
    public void close() {
        actions.shutdownNow();
    }
}

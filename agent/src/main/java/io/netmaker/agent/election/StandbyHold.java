package io.netmaker.agent.election;

import io.micrometer.core.instrument.MeterRegistry;
import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.status.StatusSection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standby first: a restarted client-go child tries to acquire at once while a standby waits for its next retry tick,
 * so a replica that just released the Lease often takes it straight back. After a child exit that released the Lease
 * and will be followed by a restart, this holds the restart (on the supervisor's thread, inside the exit
 * notification) until another replica holds the Lease or the bound passes: after a step-down always, after any other
 * exit (a crash) when {@code AGENT_STANDBY_FIRST=true}. A lone replica loses at most the bound.
 */
public final class StandbyHold implements StatusSection {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyHold.class);
    private static final long POLL_MILLIS = 20;

    /** How one hold ended. */
    public enum Outcome { TAKEN_OVER, BOUND_PASSED }

    private final StandbySettings settings;
    private final BooleanSupplier otherHolder;
    private final MeterRegistry registry;
    private volatile boolean stepDownPending;
    private volatile String last = "none";

    /** @param otherHolder whether a live replica other than this one holds the Lease now */
    public StandbyHold(StandbySettings settings, BooleanSupplier otherHolder, MeterRegistry registry) {
        this.settings = settings;
        this.otherHolder = otherHolder;
        this.registry = registry;
    }

    /** The next exit is a step-down (a loss policy is restarting a leading child). */
    public void steppingDown() {
        stepDownPending = true;
    }

    /**
     * Called after the exit's Lease release; blocks until the restart may go on.
     *
     * @param released whether the release took the Lease from this replica
     */
    public void afterRelease(ChildExit exit, LeaseReleaser.Outcome released) throws InterruptedException {
        boolean stepDown = stepDownPending;
        stepDownPending = false;
        if (!exit.restarting() || released != LeaseReleaser.Outcome.RELEASED || settings.bound().isZero()
                || !stepDown && !settings.afterCrash()) {
            return;
        }
        String why = stepDown ? "step-down" : "exit";
        long start = System.nanoTime();
        long deadline = start + settings.bound().toNanos();
        LOG.info("holding the child's restart for a standby cause={} boundMs={}", why, settings.bound().toMillis());
        Outcome outcome = Outcome.BOUND_PASSED;
        while (System.nanoTime() - deadline < 0) {
            if (otherHolder.getAsBoolean()) {
                outcome = Outcome.TAKEN_OVER;
                break;
            }
            Thread.sleep(POLL_MILLIS); // polls the Lease watch's cache; no event hook to wait on without a second slot
        }
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        registry.counter("netmaker_agent_standby_holds", "cause", why, "outcome",
                outcome == Outcome.TAKEN_OVER ? "taken-over" : "bound-passed").increment();
        last = (outcome == Outcome.TAKEN_OVER ? "another replica took the Lease after " : "bound passed after ") + ms
                + " ms (" + why + ")";
        LOG.info("child restart released from hold cause={} outcome={} heldMs={}", why,
                outcome == Outcome.TAKEN_OVER ? "taken-over" : "bound-passed", ms);
    }

    @Override
    public String name() {
        return "standby";
    }

    @Override
    public Object snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("afterCrash", settings.afterCrash());
        out.put("bound", settings.bound().toMillis() + " ms");
        out.put("lastHold", last);
        return out;
    }
}

package io.netmaker.agent.election;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ExitCause;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** When the standby-first hold holds a restart, and how it ends. */
class StandbyHoldTest {
    private static final ChildExit CRASH = new ChildExit(137, ExitCause.SIGNAL, "signal 9", true);
    private static final ChildExit FINAL = new ChildExit(0, ExitCause.EXIT, "exit 0", false);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicBoolean otherHolds = new AtomicBoolean();

    private StandbyHold hold(boolean afterCrash, Duration bound) {
        return new StandbyHold(new StandbySettings(afterCrash, bound), otherHolds::get, registry);
    }

    private static long millis(ThrowingRunnable r) throws Exception {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aCrashThatReleasedTheLeaseWaitsOutTheBoundWhenNobodyTakesIt() throws Exception {
        StandbyHold hold = hold(true, Duration.ofMillis(300));
        assertThat(millis(() -> hold.afterRelease(CRASH, LeaseReleaser.Outcome.RELEASED))).isGreaterThanOrEqualTo(300);
        assertThat(registry.get("netmaker_agent_standby_holds").tags("cause", "exit", "outcome", "bound-passed")
                .counter().count()).isEqualTo(1.0);
        assertThat(((Map<?, ?>) hold.snapshot()).get("lastHold").toString()).startsWith("bound passed after ");
    }

    @Test
    void theHoldEndsAsSoonAsAnotherReplicaHolds() throws Exception {
        StandbyHold hold = hold(true, Duration.ofSeconds(60));
        otherHolds.set(true);
        assertThat(millis(() -> hold.afterRelease(CRASH, LeaseReleaser.Outcome.RELEASED))).isLessThan(30_000);
        assertThat(registry.get("netmaker_agent_standby_holds").tags("cause", "exit", "outcome", "taken-over")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void noHoldWithoutARelease_forAFinalExit_orWhenOffForCrashes() throws Exception {
        StandbyHold on = hold(true, Duration.ofSeconds(60));
        on.afterRelease(CRASH, LeaseReleaser.Outcome.NOT_HOLDER);
        on.afterRelease(FINAL, LeaseReleaser.Outcome.RELEASED);
        hold(false, Duration.ofSeconds(60)).afterRelease(CRASH, LeaseReleaser.Outcome.RELEASED);
        hold(true, Duration.ZERO).afterRelease(CRASH, LeaseReleaser.Outcome.RELEASED);
        assertThat(registry.find("netmaker_agent_standby_holds").counters()).isEmpty();
    }

    @Test
    void aStepDownHoldsEvenWhenCrashHoldsAreOff() throws Exception {
        StandbyHold hold = hold(false, Duration.ofMillis(200));
        hold.steppingDown();
        hold.afterRelease(new ChildExit(143, ExitCause.TUNNEL, "restart requested", true), LeaseReleaser.Outcome.RELEASED);
        assertThat(registry.get("netmaker_agent_standby_holds").tags("cause", "step-down", "outcome", "bound-passed")
                .counter().count()).isEqualTo(1.0);
        // the mark is used once: the next crash is a crash
        hold.afterRelease(CRASH, LeaseReleaser.Outcome.RELEASED);
        assertThat(registry.find("netmaker_agent_standby_holds").counters()).hasSize(1);
    }
}

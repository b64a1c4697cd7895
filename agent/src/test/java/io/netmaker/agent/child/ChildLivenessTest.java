package io.netmaker.agent.child;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.agent.config.ChildLivenessSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's liveness probe of the child, driven tick by tick with a fake probe and a fake clock (the period is an
 * hour, so the real timer never fires during a test).
 */
class ChildLivenessTest {
    private static final Duration ALLOWANCE = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Deque<String> answers = new ArrayDeque<>();
    private final List<String> restarts = new CopyOnWriteArrayList<>();
    private final ChildLiveness liveness = new ChildLiveness(
            new ChildLivenessSettings(3, Duration.ofHours(1), ALLOWANCE), this::answer,
            (cause, detail) -> restarts.add(cause.label() + ": " + detail), now::get);

    @AfterEach
    void close() {
        liveness.close();
    }

    /** The next scripted answer: null passes, any text is the failure. */
    private String answer() {
        return answers.isEmpty() ? null : answers.poll();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void restartsAfterTheConfiguredFailuresInARowPastTheStartUpAllowance() {
        liveness.started(42);
        advance(ALLOWANCE.plusSeconds(1));
        for (int i = 0; i < 2; i++) {
            answers.add("down");
            liveness.tick();
        }
        assertThat(restarts).isEmpty();
        answers.add("down");
        liveness.tick();
        assertThat(restarts).hasSize(1);
        assertThat(restarts.get(0)).startsWith("liveness: child /healthz failed").contains("3 times in a row", "down");
    }

    @Test
    void aPassingCallResetsTheCount() {
        liveness.started(42);
        advance(ALLOWANCE.plusSeconds(1));
        failTimes(2);
        liveness.tick(); // passes
        failTimes(2);
        assertThat(restarts).isEmpty();
        failTimes(1);
        assertThat(restarts).hasSize(1);
    }

    @Test
    void failuresInsideTheStartUpAllowanceDoNotCountWhileTheChildHasNeverAnswered() {
        liveness.started(42);
        advance(Duration.ofSeconds(1));
        failTimes(10);
        assertThat(restarts).isEmpty();
        advance(ALLOWANCE);
        failTimes(3);
        assertThat(restarts).hasSize(1);
    }

    @Test
    void aChildThatAnsweredAndThenHangsIsRestartedEvenInsideTheAllowance() {
        liveness.started(42);
        liveness.tick(); // answered
        failTimes(3);
        assertThat(restarts).hasSize(1);
    }

    @Test
    void afterARestartRequestTheCountStartsAgain() {
        liveness.started(42);
        advance(ALLOWANCE.plusSeconds(1));
        failTimes(3);
        failTimes(2);
        assertThat(restarts).hasSize(1);
        failTimes(1);
        assertThat(restarts).hasSize(2);
    }

    @Test
    void anExitedChildIsNotProbedAndANewChildGetsItsOwnAllowance() {
        liveness.started(42);
        advance(ALLOWANCE.plusSeconds(1));
        failTimes(2);
        liveness.exited(new ChildExit(1, ExitCause.EXIT, "exited with code 1", true));
        failTimes(5);
        assertThat(restarts).isEmpty();
        assertThat(answers).hasSize(5); // not even called
        answers.clear();
        liveness.started(43);
        failTimes(5);
        assertThat(restarts).isEmpty();
    }

    /** {@code n} failing calls (a child not running is not called: its answers stay queued). */
    private void failTimes(int n) {
        for (int i = 0; i < n; i++) {
            answers.add("child /healthz answered 500");
            liveness.tick();
        }
    }
}

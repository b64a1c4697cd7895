package io.netmaker.agent.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.agent.config.RestartPolicy;
import io.netmaker.agent.config.SupervisionSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes ({@code sh -c}) under the supervisor: exit codes, signals, restarts, back-off, faults. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SupervisorTest {
    @TempDir
    Path tmp;

    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final List<ProcessHandle> watched = new CopyOnWriteArrayList<>();
    private final List<ChildExit> exits = new CopyOnWriteArrayList<>();
    private final List<Long> startNanos = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void killEverything() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        watched.forEach(ProcessHandle::destroyForcibly);
    }

    private SupervisionSettings settings(RestartPolicy policy, int maxRestarts) {
        return new SupervisionSettings(policy, maxRestarts, Duration.ofMillis(500), Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(1), tmp.resolve("termination-log"));
    }

    private Supervisor supervisor(SupervisionSettings s, Supervisor.Launcher launcher, Clock clock) {
        ChildListener recorder = new ChildListener() {
            @Override
            public void started(long pid) {
                startNanos.add(System.nanoTime());
            }

            @Override
            public void exited(ChildExit exit) {
                exits.add(exit);
            }
        };
        Supervisor supervisor = new Supervisor(s, launcher, clock, new TerminationLog(s.terminationLog()), out, err);
        supervisor.subscribe(recorder);
        return supervisor;
    }

    private Supervisor supervisor(SupervisionSettings s, String script) {
        return supervisor(s, replan -> sh(script), Clock.systemUTC());
    }

    private Process sh(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).start();
        started.add(p);
        return p;
    }

    private String terminationLog() throws IOException {
        return Files.readString(tmp.resolve("termination-log"));
    }

    @Test
    void exitCodeAndOutputPassThroughUnchanged() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.NEVER, 5), "printf 'one\\ntwo'; printf 'warn\\n' >&2; exit 3");
        assertThat(s.run(StartGate.OPEN)).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("warn\n");
        assertThat(exits).containsExactly(new ChildExit(3, ExitCause.EXIT, "exited with code 3", false));
        assertThat(terminationLog()).isEqualTo("exit: exited with code 3\n");
    }

    @Test
    void aSignalDeathIsReportedAs128PlusTheSignal() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.NEVER, 5), "kill -KILL $$");
        assertThat(s.run(StartGate.OPEN)).isEqualTo(137);
        assertThat(exits.get(0).reason()).isEqualTo("killed by signal 9 (SIGKILL) (exit code 137)");
    }

    @Test
    void aCleanExitIsNotRestartedOnFailurePolicy() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.ON_FAILURE, 5), "exit 0");
        assertThat(s.run(StartGate.OPEN)).isZero();
        assertThat(s.state().starts()).isEqualTo(1);
    }

    @Test
    void alwaysRestartsEvenACleanExitUntilTheBudgetIsSpent() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.ALWAYS, 2), "exit 0");
        assertThat(s.run(StartGate.OPEN)).isZero();
        assertThat(s.state().starts()).isEqualTo(3);
    }

    @Test
    void crashLoopBacksOffGrowingThenGivesUpWithTheChildsCodeAndWritesTheReason() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.ON_FAILURE, 4), "exit 4");
        assertThat(s.run(StartGate.OPEN)).isEqualTo(4);
        assertThat(s.state().starts()).isEqualTo(5);
        assertThat(s.state().restarts()).isEqualTo(4);
        assertThat(s.withinBudget()).isFalse();
        assertThat(exits).extracting(ChildExit::restarting).containsExactly(true, true, true, true, false);
        // delays 50, 100, 200, 200 ms: each gap is at least its delay
        long[] minimumMillis = {50, 100, 200, 200};
        for (int i = 0; i < minimumMillis.length; i++) {
            long gap = TimeUnit.NANOSECONDS.toMillis(startNanos.get(i + 1) - startNanos.get(i));
            assertThat(gap).as("gap %d", i).isGreaterThanOrEqualTo(minimumMillis[i]);
        }
        assertThat(terminationLog()).isEqualTo("gave-up: exited with code 4; gave up after 4 restarts in a row\n");
    }

    @Test
    void maxRestartsZeroMeansUnlimited() throws Exception {
        AtomicInteger launches = new AtomicInteger();
        Supervisor s = supervisor(settings(RestartPolicy.ON_FAILURE, 0),
                replan -> sh(launches.incrementAndGet() < 8 ? "exit 1" : "exit 0"), Clock.systemUTC());
        assertThat(s.run(StartGate.OPEN)).isZero();
        assertThat(launches.get()).isEqualTo(8);
    }

    @Test
    void aLongHealthyRunResetsTheFailureCount() throws Exception {
        AtomicInteger launches = new AtomicInteger();
        Clock hourPerCall = new Clock() {
            private Instant now = Instant.EPOCH;

            @Override
            public synchronized Instant instant() {
                now = now.plus(Duration.ofHours(1));
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        Supervisor s = supervisor(settings(RestartPolicy.ON_FAILURE, 1),
                replan -> sh(launches.incrementAndGet() < 5 ? "exit 1" : "exit 0"), hourPerCall);
        assertThat(s.run(StartGate.OPEN)).isZero();
        assertThat(launches.get()).isEqualTo(5);
        assertThat(s.state().fastFailures()).isZero();
    }

    @Test
    void stopSendsOneSigtermAndExitsWithTheChildsCode() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.ALWAYS, 5),
                "trap 'echo got-term; exit 7' TERM; echo ready; while :; do sleep 0.05; done");
        CompletableFuture<Integer> code = runAsync(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("ready"));
        s.stop(15);
        s.stop(15); // a second signal to the agent is not forwarded again
        assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(out.toString()).containsOnlyOnce("got-term");
        assertThat(s.state().starts()).isEqualTo(1);
        assertThat(terminationLog()).isEqualTo("stopped: stopped by signal 15; child exited with code 7\n");
    }

    @Test
    void aChildIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.ON_FAILURE, 5),
                "trap '' TERM; echo ready; while :; do sleep 0.05; done");
        CompletableFuture<Integer> code = runAsync(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("ready"));
        s.stop(15);
        assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(s.state().starts()).isEqualTo(1);
    }

    @Test
    void grandchildrenAreStoppedToo() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.NEVER, 5),
                "sleep 300 & sleep 300 & (trap '' TERM; sleep 300) & echo ready; wait");
        CompletableFuture<Integer> code = runAsync(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("ready")
                && started.get(0).descendants().count() >= 3);
        List<ProcessHandle> tree = new ArrayList<>();
        started.get(0).descendants().forEach(tree::add);
        watched.addAll(tree);
        s.stop(15);
        code.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> tree.stream().noneMatch(ProcessTree::running));
    }

    @Test
    void addressAlreadyInUseReplansAndRestarts() throws Exception {
        List<Boolean> replans = Collections.synchronizedList(new ArrayList<>());
        Supervisor s = supervisor(settings(RestartPolicy.ON_FAILURE, 5), replan -> {
            replans.add(replan);
            return sh(replans.size() == 1 ? "echo 'listen tcp :8648: bind: address already in use' >&2; exit 1"
                    : "exit 0");
        }, Clock.systemUTC());
        assertThat(s.run(StartGate.OPEN)).isZero();
        assertThat(replans).containsExactly(false, true);
        assertThat(exits.get(0)).isEqualTo(new ChildExit(1, ExitCause.ADDRESS_IN_USE,
                "address already in use; exited with code 1", true));
    }

    @Test
    void aTakenPortLineDoesNotReplanWhenTheChildDidNotFail() throws Exception {
        List<Boolean> replans = Collections.synchronizedList(new ArrayList<>());
        Supervisor s = supervisor(settings(RestartPolicy.ALWAYS, 5), replan -> {
            replans.add(replan);
            return sh(replans.size() == 1 ? "echo 'address already in use (retried, fine)' >&2; exit 0" : "exit 4");
        }, Clock.systemUTC());
        CompletableFuture<Integer> code = runAsync(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> replans.size() >= 2);
        s.stop(15);
        code.get(10, TimeUnit.SECONDS);
        assertThat(replans.subList(0, 2)).containsExactly(false, false);
        assertThat(exits.get(0)).isEqualTo(new ChildExit(0, ExitCause.EXIT, "exited with code 0", true));
    }

    @Test
    void aTakenPortUnderNeverEndsTheAgentWithTheChildsCode() throws Exception {
        List<Boolean> replans = Collections.synchronizedList(new ArrayList<>());
        Supervisor s = supervisor(settings(RestartPolicy.NEVER, 5), replan -> {
            replans.add(replan);
            return sh("echo 'listen tcp :8648: bind: address already in use' >&2; exit 1");
        }, Clock.systemUTC());
        assertThat(s.run(StartGate.OPEN)).isEqualTo(1);
        assertThat(replans).containsExactly(false);
    }

    @Test
    void aRequestedRestartStopsGracefullyAndStartsAgainWithoutCountingAFailure() throws Exception {
        AtomicInteger launches = new AtomicInteger();
        Supervisor s = supervisor(settings(RestartPolicy.NEVER, 5), replan -> sh(launches.incrementAndGet() == 1
                ? "echo first; while :; do sleep 0.05; done" : "exit 0"), Clock.systemUTC());
        CompletableFuture<Integer> code = runAsync(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("first"));
        s.restart(ExitCause.SIDECAR, "sidecar lost");
        assertThat(code.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(exits.get(0)).isEqualTo(new ChildExit(143, ExitCause.SIDECAR, "restart requested: sidecar lost", true));
        assertThat(s.state().fastFailures()).isZero();
    }

    @Test
    void aRestartRequestedWhileOneIsInProgressIsServedByItAndOneAfterItRestartsAgain() throws Exception {
        AtomicInteger launches = new AtomicInteger();
        Supervisor[] self = new Supervisor[1];
        Path stopping = tmp.resolve("stopping");
        Supervisor s = supervisor(settings(RestartPolicy.NEVER, 5), replan -> {
            int n = launches.incrementAndGet();
            if (n == 2) {
                self[0].restart(ExitCause.SIDECAR, "asked while the replacement starts");
            }
            return sh(switch (n) {
                case 1 -> "trap 'touch " + stopping + "; sleep 0.5; exit 0' TERM; echo first; while :; do sleep 0.05; done";
                case 2 -> "echo second; while :; do sleep 0.05; done";
                default -> "exit 0";
            });
        }, Clock.systemUTC());
        self[0] = s;
        CompletableFuture<Integer> code = runAsync(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("first"));
        s.restart(ExitCause.SIDECAR, "sidecar lost");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(stopping));
        s.restart(ExitCause.SIDECAR, "asked while the child stops"); // the restart in progress serves it: its child is on its way out
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("second"));
        assertThat(exits).hasSize(1);
        s.restart(ExitCause.SIDECAR, "asked after the restart");
        assertThat(code.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(launches).hasValue(3);
        assertThat(exits).extracting(ChildExit::reason).containsExactly("restart requested: sidecar lost",
                "restart requested: asked after the restart", "exited with code 0");
        assertThat(s.state().restarts()).isEqualTo(2);
    }

    @Test
    void aStopDuringBackoffEndsWith128PlusTheSignal() throws Exception {
        SupervisionSettings slow = new SupervisionSettings(RestartPolicy.ON_FAILURE, 5, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1),
                tmp.resolve("termination-log"));
        Supervisor s = supervisor(slow, "exit 1");
        CompletableFuture<Integer> code = runAsync(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> exits.size() == 1);
        s.stop(15);
        assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(143);
    }

    @Test
    void theStartGateHoldsTheFirstStart() throws Exception {
        CompletableFuture<Void> open = new CompletableFuture<>();
        Supervisor s = supervisor(settings(RestartPolicy.NEVER, 5), "exit 0");
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> {
            try {
                return s.run(() -> open.join());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(20)).until(started::isEmpty);
        open.complete(null);
        assertThat(code.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aStopWhileTheGateIsClosedEndsAtOnceWithoutStartingTheChild() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.NEVER, 5), "exit 0");
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> {
            try {
                return s.run(() -> {
                    waiting.countDown();
                    try {
                        new java.util.concurrent.CountDownLatch(1).await(); // never opens by itself
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting.await(20, TimeUnit.SECONDS)).as("the supervisor waits in the gate").isTrue();
        assertThat(s.state().phase()).isEqualTo(Supervisor.Phase.GATED);
        s.stop(15);
        assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(143);
        assertThat(interrupted).as("the stop interrupted the gate's wait").isTrue();
        assertThat(started).isEmpty();
        assertThat(s.state().phase()).isEqualTo(Supervisor.Phase.ENDED);
        assertThat(s.state().lastExit().cause()).isEqualTo(ExitCause.STOPPED);
    }

    @Test
    void aRefusingGateEndsWithItsCodeAndRecordsTheReasonWithoutStartingTheChild() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.ALWAYS, 5), "exit 0");
        assertThat(s.run(() -> {
            throw new StartGate.Refused(1, "sidecar not ready within 300 ms");
        })).isEqualTo(1);
        assertThat(started).isEmpty();
        assertThat(terminationLog()).startsWith("gate-refused: sidecar not ready within 300 ms");
    }

    @Test
    void aCommandThatCannotStartEndsWith127() throws Exception {
        Supervisor s = supervisor(settings(RestartPolicy.ALWAYS, 5), replan -> {
            throw new IOException("Cannot run program \"/nope\"");
        }, Clock.systemUTC());
        assertThat(s.run(StartGate.OPEN)).isEqualTo(127);
        assertThat(terminationLog()).startsWith("cannot-start: child could not be started");
    }

    private static CompletableFuture<Integer> runAsync(Supervisor s) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return s.run(StartGate.OPEN);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void eachPhaseIsEnteredAsTheClassCommentSaysAndEveryEndHasItsCause() throws Exception {
        AtomicInteger launches = new AtomicInteger();
        SupervisionSettings slowBackoff = new SupervisionSettings(RestartPolicy.ON_FAILURE, 5, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1),
                tmp.resolve("termination-log"));
        Supervisor s = supervisor(slowBackoff, replan -> sh(launches.incrementAndGet() == 1 ? "exit 3"
                : "echo run" + launches.get() + "; while :; do sleep 0.05; done"), Clock.systemUTC());
        CompletableFuture<Integer> code = runAsync(s);
        // exit 3 under on-failure: backing off (30 s), until a restart request cuts it short
        await().atMost(Duration.ofSeconds(10)).until(() -> s.state().phase() == Supervisor.Phase.BACKING_OFF);
        assertThat(s.state().lastExit()).isEqualTo(new ChildExit(3, ExitCause.EXIT, "exited with code 3", true));
        s.restart(ExitCause.LIVENESS, "cut the back-off short");
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("run2"));
        assertThat(s.state().phase()).isEqualTo(Supervisor.Phase.RUNNING);
        // a restart request: restarting, then running the next child
        s.restart(ExitCause.SIDECAR, "sidecar lost");
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("run3"));
        assertThat(s.state().phase()).isEqualTo(Supervisor.Phase.RUNNING);
        assertThat(s.state().lastExit().cause()).isEqualTo(ExitCause.SIDECAR);
        // a stop: stopping, then ended with the child's code
        s.stop(15);
        assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(143);
        assertThat(s.state().phase()).isEqualTo(Supervisor.Phase.ENDED);
        assertThat(s.state().lastExit().cause()).isEqualTo(ExitCause.STOPPED);
        assertThat(exits).extracting(ChildExit::cause)
                .containsExactly(ExitCause.EXIT, ExitCause.SIDECAR, ExitCause.STOPPED);
        assertThat(terminationLog()).isEqualTo("stopped: stopped by signal 15; child killed by signal 15 (SIGTERM)"
                + " (exit code 143)\n");
    }
}

package io.netmaker.agent.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmaker.healthz.Checker;
import io.netmaker.testing.MockApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SidecarMonitorTest {
    static final InterfaceState UP = new InterfaceState(true, true, "10.101.0.7");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<InterfaceState> nic = new AtomicReference<>(UP);
    private final List<String> restarts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean leading = new AtomicBoolean();
    @RegisterExtension
    final MockApi api = new MockApi();
    private SidecarMonitor monitor;


    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private SidecarMonitor monitor(LossPolicy policy) {
        monitor = new SidecarMonitor(Pods.settings(policy), registry, name -> nic.get(),
                (cause, detail) -> restarts.add(detail), leading::get);
        return monitor;
    }

    private static boolean passes(Checker checker) {
        try {
            checker.check();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    /** Starts watching a pod whose sidecar is ready, with a running child. */
    private void readyAndRunning(LossPolicy policy) {
        Pods.create(api.client(), true);
        Pods.sidecarStatus(api.client(), true, 0, null);
        monitor(policy).start(api.client(), Pods.NS, Pods.NAME);
        monitor.started(42);
        await().until(monitor::ready);
    }

    @Test
    void containerStatusChangesFlipTheReadinessCheckOnTheWatchEvent() {
        readyAndRunning(LossPolicy.UNREADY);
        Checker check = monitor.readiness();
        assertThat(passes(check)).isTrue();
        assertThat(gauge("netmaker_agent_sidecar_ready")).isEqualTo(1.0);

        Pods.sidecarStatus(api.client(), false, 1, "CrashLoopBackOff");
        long changed = System.nanoTime();
        // the event's delivery is the mock API server's and the machine's; the flip itself needs no poll
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> !passes(check));
        long flippedMs = (System.nanoTime() - changed) / 1_000_000;
        assertThat(catchThrowable(check::check))
                .hasMessageContaining("netclient not ready (waiting: CrashLoopBackOff)");
        assertThat(gauge("netmaker_agent_sidecar_restarts")).isEqualTo(1.0);

        Pods.sidecarStatus(api.client(), true, 1, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> passes(check));
        System.out.printf("sidecar status change to readiness flip ms=%d%n", flippedMs);
        assertThat(restarts).as("unready policy restarts nothing").isEmpty();
    }

    @Test
    void interfaceLossFlipsTheReadinessCheckWithinOneSecond() {
        readyAndRunning(LossPolicy.UNREADY);
        nic.set(new InterfaceState(true, false, "10.101.0.7"));
        // the interface is polled every 50 ms: one second is twenty polls, room enough on a loaded machine
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> !passes(monitor.readiness()));
        assertThat(gauge("netmaker_agent_sidecar_interface_up")).isZero();
        nic.set(UP);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> passes(monitor.readiness()));
    }

    @Test
    void restartPolicyRestartsTheChildOncePerLoss() {
        readyAndRunning(LossPolicy.RESTART);
        Pods.sidecarStatus(api.client(), false, 1, "CrashLoopBackOff");
        await().until(() -> restarts.size() == 1);
        nic.set(InterfaceState.ABSENT);
        Pods.sidecarStatus(api.client(), false, 2, "CrashLoopBackOff");
        await().during(Duration.ofMillis(300)).until(() -> restarts.size() == 1);
        assertThat(restarts.get(0)).startsWith("sidecar lost: container netclient not ready");
    }

    @Test
    void stepDownRestartsOnlyWhileLeading() {
        readyAndRunning(LossPolicy.STEP_DOWN);
        nic.set(InterfaceState.ABSENT);
        await().until(() -> !monitor.ready());
        await().during(Duration.ofMillis(300)).until(restarts::isEmpty);

        nic.set(UP);
        await().until(monitor::ready);
        leading.set(true);
        nic.set(InterfaceState.ABSENT);
        await().until(() -> restarts.size() == 1);
        assertThat(restarts.get(0)).contains("stepping down");
    }

    @Test
    void ignorePolicyDoesNothing() {
        readyAndRunning(LossPolicy.IGNORE);
        nic.set(InterfaceState.ABSENT);
        await().until(() -> !monitor.ready());
        await().during(Duration.ofMillis(300)).until(restarts::isEmpty);
    }

    @Test
    void anAddressChangeRestartsTheChild() {
        readyAndRunning(LossPolicy.IGNORE);
        nic.set(new InterfaceState(true, true, "10.101.0.9"));
        await().until(() -> restarts.size() == 1);
        assertThat(restarts.get(0)).contains("from 10.101.0.7 to 10.101.0.9");
    }

    @Test
    void aPodWithoutSidecarTurnsEverythingOff() {
        Pods.create(api.client(), false);
        monitor(LossPolicy.UNREADY).start(api.client(), Pods.NS, Pods.NAME);
        await().until(() -> monitor.declared().isPresent());
        assertThat(monitor.declared()).contains(false);
        assertThat(passes(monitor.readiness())).isTrue();
        assertThat(gauge("netmaker_agent_sidecar_ready")).isNaN();
        assertThat(gauge("netmaker_agent_sidecar_interface_up")).isNaN();
        assertThat(monitor.snapshot()).asString().contains("state=off")
                .contains("the pod declares no container named netclient");
    }

    @Test
    void lastKnownContainerStatusIsKeptWhileTheApiServerIsDown() {
        readyAndRunning(LossPolicy.UNREADY);
        api.stop();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> monitor.snapshot().toString().contains("podWatch=unknown"));
        assertThat(passes(monitor.readiness())).isTrue();
        nic.set(InterfaceState.ABSENT);
        await().atMost(Duration.ofSeconds(20)).until(() -> !passes(monitor.readiness()));

        api.start();
        nic.set(UP);
        Pods.sidecarStatus(api.client(), false, 4, "Error");
        await().atMost(Duration.ofSeconds(15)).until(() -> gauge("netmaker_agent_sidecar_restarts") == 4.0);
        assertThat(monitor.snapshot().toString()).contains("podWatch=live");
    }
}

package io.netmaker.agent.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmaker.testing.MockApi;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SidecarWaitGateTest {
    private final AtomicReference<InterfaceState> nic = new AtomicReference<>(SidecarMonitorTest.UP);
    private final AtomicBoolean watching = new AtomicBoolean();
    @RegisterExtension
    final MockApi api = new MockApi();
    private SidecarMonitor monitor;


    @AfterEach
    void stop() {
        monitor.close();
    }

    private SidecarWaitGate gate(Optional<Boolean> wait, Duration timeout, boolean fatal) {
        SidecarSettings settings = new SidecarSettings("netclient", "netmaker", wait, timeout, fatal,
                LossPolicy.UNREADY, Duration.ofMillis(50));
        monitor = new SidecarMonitor(settings, new SimpleMeterRegistry(), name -> nic.get(), (cause, detail) -> { },
                () -> false);
        return new SidecarWaitGate(settings, monitor, () -> {
            watching.set(true);
            monitor.start(api.client(), Pods.NS, Pods.NAME);
        });
    }

    private static CompletableFuture<Void> awaitAsync(SidecarWaitGate gate) {
        return CompletableFuture.runAsync(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void holdsTheChildUntilTheSidecarIsReady() {
        Pods.create(api.client(), true);
        CompletableFuture<Void> opened = awaitAsync(gate(Optional.empty(), Duration.ofSeconds(30), false));
        await().during(Duration.ofMillis(500)).until(() -> !opened.isDone());

        Pods.sidecarStatus(api.client(), true, 0, null);
        await().atMost(Duration.ofSeconds(20)).until(opened::isDone);
        assertThat(monitor.snapshot().toString()).contains("wait=ready after");
    }

    @Test
    void opensAtOnceWithoutSidecar() throws Exception {
        Pods.create(api.client(), false);
        gate(Optional.empty(), Duration.ofSeconds(30), false).await();
        assertThat(monitor.snapshot().toString()).contains("wait=no sidecar declared");
    }

    @Test
    void opensAtOnceWhenThePodDoesNotExist() throws Exception {
        gate(Optional.empty(), Duration.ofSeconds(30), false).await();
        assertThat(monitor.snapshot().toString()).contains("not found");
    }

    @Test
    void waitFalseNeverTouchesTheApi() throws Exception {
        gate(Optional.of(false), Duration.ofSeconds(30), false).await();
        assertThat(watching).isFalse();
    }

    @Test
    void startsAnywayAfterTheTimeout() throws Exception {
        Pods.create(api.client(), true);
        gate(Optional.of(true), Duration.ofMillis(300), false).await();
        assertThat(monitor.snapshot().toString()).contains("started anyway");
    }

    @Test
    void theTimeoutIsFatalWhenAskedFor() {
        Pods.create(api.client(), true);
        Pods.sidecarStatus(api.client(), true, 0, null);
        nic.set(InterfaceState.ABSENT);
        assertThatThrownBy(() -> gate(Optional.empty(), Duration.ofMillis(300), true).await())
                .isInstanceOf(SidecarWaitTimeoutException.class)
                .hasMessageContaining("sidecar not ready within");
    }

    @Test
    void theTimeoutAlsoBoundsAnUnreachableApiServer() throws Exception {
        api.stop();
        gate(Optional.empty(), Duration.ofMillis(300), false).await();
        assertThat(monitor.snapshot().toString()).contains("started anyway");
    }
}

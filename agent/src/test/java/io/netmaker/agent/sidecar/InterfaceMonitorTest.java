package io.netmaker.agent.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real interface of this host (root or CAP_NET_ADMIN needed, see {@link TestInterface}). */
class InterfaceMonitorTest {
    private TestInterface nic;
    private InterfaceMonitor monitor;
    private final List<InterfaceState> changes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void create() {
        nic = TestInterface.create();
    }

    @AfterEach
    void delete() {
        if (monitor != null) {
            monitor.close();
        }
        if (nic != null) {
            nic.close();
        }
    }

    @Test
    void systemLookupSeesPresenceStateAndAddress() {
        assertThat(InterfaceLookup.SYSTEM.lookup(nic.name)).isEqualTo(new InterfaceState(true, false, null));
        nic.address("10.251.7.1/32");
        nic.up();
        // a veth reports running a moment after it is set up
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(InterfaceLookup.SYSTEM.lookup(nic.name))
                .isEqualTo(new InterfaceState(true, true, "10.251.7.1")));
        assertThat(InterfaceLookup.SYSTEM.lookup(nic.name + "x")).isEqualTo(InterfaceState.ABSENT);
    }

    @Test
    void monitorReportsUpDownAddressChangeAndRemoval() {
        monitor = new InterfaceMonitor(nic.name, InterfaceLookup.SYSTEM, Duration.ofMillis(100),
                (old, next) -> changes.add(next));
        monitor.start();
        nic.address("10.251.7.1/32");
        nic.up();
        await().atMost(Duration.ofSeconds(20)).until(() -> monitor.current().usable());
        nic.down();
        await().atMost(Duration.ofSeconds(20)).until(() -> !monitor.current().up());
        nic.up();
        nic.address("10.251.7.2/32");
        await().atMost(Duration.ofSeconds(20)).until(() -> "10.251.7.2".equals(monitor.current().ipv4()));
        nic.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> !monitor.current().present());
        nic = null;
        assertThat(changes).extracting(InterfaceState::present).contains(true, false);
    }
}

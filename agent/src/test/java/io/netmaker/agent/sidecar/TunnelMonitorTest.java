package io.netmaker.agent.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmaker.agent.child.ChildControl;
import io.netmaker.healthz.Checker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import io.netmaker.testing.TunnelFixtures;
import io.netmaker.testing.WireGuardPair;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real WireGuard tunnel (userspace wireguard-go between network namespaces, see {@link WireGuardPair}):
 * the state follows a cut and a repair within the configured silence, per-peer data and interface counters each,
 * unreadable sources read unknown, and the policy acts as configured.
 */
class TunnelMonitorTest {
    private static final Duration SILENCE = Duration.ofSeconds(3);
    /** The silence plus slack for a loaded 2-core machine. */
    private static final Duration WITHIN = Duration.ofSeconds(12);

    @TempDir
    Path emptyDir;
    private WireGuardPair pair;
    private TunnelMonitor monitor;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> restarts = new CopyOnWriteArrayList<>();
    private final AtomicInteger stepDowns = new AtomicInteger();

    @AfterEach
    void tearDown() {
        if (monitor != null) {
            monitor.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private TunnelMonitor monitor(String iface, Path socketDir, boolean check, LossPolicy policy, boolean leading) {
        TunnelSettings settings = new TunnelSettings(check, SILENCE, Duration.ofSeconds(210), socketDir, true,
                Duration.ofMillis(200));
        SidecarSettings sidecar = new SidecarSettings("netclient", iface, Optional.of(false), Duration.ofSeconds(1),
                false, policy, Duration.ofMillis(250));
        ChildControl control = (cause, reason) -> restarts.add(reason);
        monitor = new TunnelMonitor(settings, sidecar, registry, InterfaceCounters.system(),
                new WireGuardUapi(socketDir, Duration.ofSeconds(1)), control, () -> leading,
                stepDowns::incrementAndGet, Clock.systemUTC());
        monitor.start();
        return monitor;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status() {
        return (Map<String, Object>) monitor.snapshot();
    }

    @Test
    void perPeerDataFollowsACutAndARepair() {
        pair = TunnelFixtures.pair();
        monitor(pair.iface, Path.of("/var/run/wireguard"), false, LossPolicy.UNREADY, false);
        await().atMost(WITHIN).until(() -> monitor.state() == TunnelState.LIVE);
        assertThat(status()).containsEntry("source", "uapi").containsEntry("peers", 1)
                .containsEntry("peersRecentHandshake", 1);
        assertThat(registry.get("netmaker_agent_tunnel_live").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("netmaker_agent_tunnel_peers").gauge().value()).isEqualTo(1.0);

        long cut = System.nanoTime();
        pair.cut();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> monitor.state() == TunnelState.SILENT);
        Duration detected = Duration.ofNanos(System.nanoTime() - cut);
        // counted from the last keepalive received before the cut (1 s apart at most)
        assertThat(detected).isGreaterThanOrEqualTo(SILENCE.minusSeconds(1));
        assertThat((String) status().get("reason")).startsWith("no byte received from any peer");
        assertThat(registry.get("netmaker_agent_tunnel_live").gauge().value()).isEqualTo(0.0);
        assertThat(registry.get("netmaker_agent_tunnel_rx_age_seconds").gauge().value()).isGreaterThanOrEqualTo(3.0);

        long restored = System.nanoTime();
        pair.restore();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> monitor.state() == TunnelState.LIVE);
        System.out.printf("tunnel cut -> silent %d ms, restore -> live %d ms (silence %d ms); %s reads took %s ms CPU%n",
                detected.toMillis(), Duration.ofNanos(System.nanoTime() - restored).toMillis(), SILENCE.toMillis(),
                status().get("reads"), status().get("readCpuMs"));
        assertThat(restarts).isEmpty(); // report only
    }

    @Test
    void countersAloneSeeTrafficAndItsSilenceButCallAnIdleTunnelUnknown() throws Exception {
        pair = TunnelFixtures.pair();
        monitor(pair.iface, emptyDir, false, LossPolicy.UNREADY, false); // no UAPI socket there
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> {
            pair.sendDatagram(); // answered by the peer's ICMP port unreachable, through the tunnel
            return monitor.state() == TunnelState.LIVE;
        });
        assertThat(status()).containsEntry("source", "counters");
        assertThat((String) status().get("reason")).contains("uapi not used: no UAPI socket");
        assertThat(status().get("peers")).isNull();
        assertThat(registry.get("netmaker_agent_tunnel_peers").gauge().value()).isNaN();

        // idle: keepalives do not show in the interface counters, so an idle live tunnel is unknown, never silent
        await().atMost(WITHIN).until(() -> monitor.state() == TunnelState.UNKNOWN);
        assertThat((String) status().get("reason")).startsWith("idle");

        pair.cut();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> {
            pair.sendDatagram();
            return monitor.state() == TunnelState.SILENT;
        });
        assertThat((String) status().get("reason")).contains("none received");
    }

    @Test
    void unreadableSourcesReadUnknownNeverSilent() throws Exception {
        Files.createFile(emptyDir.resolve("nmwabsentw.sock")); // not a socket
        monitor("nmwabsentw", emptyDir, true, LossPolicy.UNREADY, true);
        // watched for longer than the silence, it stays unknown and fails nothing
        await().during(SILENCE.plusSeconds(1)).atMost(WITHIN).until(() -> monitor.state() == TunnelState.UNKNOWN);
        assertThat(status()).containsEntry("source", "none");
        assertThat((String) status().get("reason")).contains("interface nmwabsentw absent")
                .contains("uapi not used");
        Checker check = monitor.readiness().orElseThrow();
        check.check();
        assertThat(registry.get("netmaker_agent_tunnel_live").gauge().value()).isNaN();
        assertThat(restarts).isEmpty();
    }

    @Test
    void stepDownRestartsALeaderOncePerSilentPeriodAndFailsReadiness() throws Exception {
        pair = TunnelFixtures.pair();
        monitor(pair.iface, Path.of("/var/run/wireguard"), true, LossPolicy.STEP_DOWN, true);
        await().atMost(WITHIN).until(() -> monitor.state() == TunnelState.LIVE);
        Checker check = monitor.readiness().orElseThrow();
        check.check();

        pair.stopPeer();
        await().atMost(WITHIN).until(() -> monitor.state() == TunnelState.SILENT);
        assertThatThrownBy(check::check).hasMessageContaining("tunnel " + pair.iface + " silent");
        await().atMost(WITHIN).until(() -> restarts.size() == 1);
        assertThat(restarts.get(0)).startsWith("tunnel silent while leading, stepping down");
        assertThat(stepDowns.get()).isEqualTo(1);
        // still leading and silent: the next step-down waits out the back-off (the silence time)
        await().atMost(WITHIN).until(() -> restarts.size() == 2);
        assertThat(restarts.get(1)).contains("again (2)");
        assertThat(registry.get("netmaker_agent_sidecar_child_restarts").tag("cause", "step-down").counter().count())
                .isEqualTo(2.0);
    }
}

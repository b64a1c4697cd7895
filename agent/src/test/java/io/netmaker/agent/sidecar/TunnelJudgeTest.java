package io.netmaker.agent.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The judgement rules, with readings and time given by the test. */
class TunnelJudgeTest {
    private static final long S = 1_000_000_000L;
    private static final long EPOCH = 1_800_000_000L;
    private static final InterfaceCounters.Read NO_COUNTERS = new InterfaceCounters.Read(-1, -1, "interface x absent");
    private static final WireGuardUapi.Read NO_UAPI = new WireGuardUapi.Read(null, "no UAPI socket");

    private final TunnelJudge judge = new TunnelJudge(Duration.ofSeconds(75), Duration.ofSeconds(210), 0);

    private static WireGuardUapi.Read peers(WireGuardPeer... peers) {
        return new WireGuardUapi.Read(List.of(peers), null);
    }

    private static InterfaceCounters.Read counters(long rx, long tx) {
        return new InterfaceCounters.Read(rx, tx, null);
    }

    private TunnelVerdict at(long second, InterfaceCounters.Read c, WireGuardUapi.Read u) {
        return judge.judge(c, u, second * S, EPOCH + second);
    }

    @Test
    void keepalivesKeepATunnelLiveAndTheirAbsenceMakesItSilentAfterTheSilenceTime() {
        assertThat(at(0, counters(0, 0), peers(new WireGuardPeer("198.18.0.2:51820", EPOCH - 10, 100, 100, 20)))
                .state()).isEqualTo(TunnelState.UNKNOWN);
        TunnelVerdict live = at(20, counters(0, 0),
                peers(new WireGuardPeer("198.18.0.2:51820", EPOCH - 10, 132, 132, 20)));
        assertThat(live.state()).isEqualTo(TunnelState.LIVE);
        assertThat(live.source()).isEqualTo("uapi");
        assertThat(live.reason()).endsWith("counters not used: per-peer data is readable");
        assertThat(live.peers()).isEqualTo(1);
        assertThat(live.peersRecent()).isEqualTo(1);
        assertThat(at(94, counters(0, 0), peers(new WireGuardPeer("198.18.0.2:51820", EPOCH + 20, 132, 400, 20)))
                .state()).isEqualTo(TunnelState.LIVE);
        TunnelVerdict silent = at(95, counters(0, 0),
                peers(new WireGuardPeer("198.18.0.2:51820", EPOCH + 20, 132, 400, 20)));
        assertThat(silent.state()).isEqualTo(TunnelState.SILENT);
        assertThat(silent.secondsSinceRx()).isEqualTo(75.0);
        assertThat(silent.reason()).startsWith("no byte received from any peer for 75.0s (silence 75s)");
    }

    @Test
    void everyHandshakeTooOldIsSilentEvenWhileBytesArrive() {
        at(0, NO_COUNTERS, peers(new WireGuardPeer(null, EPOCH - 500, 1, 1, 0)));
        TunnelVerdict v = at(211, NO_COUNTERS, peers(new WireGuardPeer(null, EPOCH - 500, 2, 2, 0)));
        assertThat(v.state()).isEqualTo(TunnelState.SILENT);
        assertThat(v.reason()).startsWith("every peer's latest handshake is older than 210s (newest 711s ago)");
        assertThat(v.peersRecent()).isZero();
    }

    @Test
    void withoutKeepalivesAQuietTunnelIsUnknownAndNoPeersIsUnknown() {
        at(0, NO_COUNTERS, peers(new WireGuardPeer(null, EPOCH, 5, 5, 0)));
        assertThat(at(100, NO_COUNTERS, peers(new WireGuardPeer(null, EPOCH + 90, 5, 5, 0))).state())
                .isEqualTo(TunnelState.UNKNOWN);
        assertThat(at(101, NO_COUNTERS, peers()).reason()).startsWith("no peers configured");
    }

    @Test
    void countersAreSilentOnlyWhenSentBytesGoUnanswered() {
        assertThat(at(0, counters(10, 10), NO_UAPI).state()).isEqualTo(TunnelState.UNKNOWN);
        assertThat(at(1, counters(20, 20), NO_UAPI).state()).isEqualTo(TunnelState.LIVE);
        // idle both ways: unknown, never silent
        TunnelVerdict idle = at(200, counters(20, 20), NO_UAPI);
        assertThat(idle.state()).isEqualTo(TunnelState.UNKNOWN);
        assertThat(idle.source()).isEqualTo("counters");
        assertThat(idle.reason()).startsWith("idle").endsWith("uapi not used: no UAPI socket");
        // sent, nothing back: silent after the silence time from the first unanswered send
        assertThat(at(201, counters(20, 90), NO_UAPI).state()).isEqualTo(TunnelState.UNKNOWN);
        assertThat(at(275, counters(20, 300), NO_UAPI).state()).isEqualTo(TunnelState.UNKNOWN);
        assertThat(at(276, counters(20, 310), NO_UAPI).state()).isEqualTo(TunnelState.SILENT);
        assertThat(at(277, counters(30, 320), NO_UAPI).state()).isEqualTo(TunnelState.LIVE);
    }

    @Test
    void nothingReadableIsUnknownWithBothReasons() {
        TunnelVerdict v = at(500, NO_COUNTERS, NO_UAPI);
        assertThat(v).isEqualTo(new TunnelVerdict(TunnelState.UNKNOWN,
                "interface x absent; uapi not used: no UAPI socket", "none", Double.NaN, -1, -1));
    }

    @Test
    void aRecreatedDeviceStartsWatchingAnew() {
        at(0, counters(10, 10), NO_UAPI);
        at(1, counters(20, 20), NO_UAPI);
        assertThat(at(2, counters(0, 0), NO_UAPI).reason()).startsWith("waiting for a received byte");
    }
}

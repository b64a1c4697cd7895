package io.netmaker.agent.sidecar;

import java.time.Duration;
import java.util.List;

/**
 * Turns successive readings of the tunnel's signals into a {@link TunnelVerdict}; pure (time is passed in), one
 * instance per monitored interface, called from one thread.
 *
 * <p>Per-peer data (UAPI) wins when readable: a peer's received bytes include keepalives (Netmaker's peers send one
 * every 20 s), so a tunnel with a reachable peer receives bytes at least that often. Silent: no peer's received bytes
 * grew for the silence time while some peer has a persistent keepalive, or every peer's latest handshake is older than
 * the handshake timeout. Otherwise only the interface counters are there, and they count inner traffic only, not
 * keepalives: an idle live tunnel receives nothing. So they read silent only when bytes were sent into the tunnel and
 * nothing came back for the silence time; no traffic either way is {@code unknown}, never {@code silent}.
 *
 * <p>Until the first received byte is seen (or the silence time has passed since monitoring began) the state is
 * {@code unknown}: a fresh agent does not claim a tunnel it has not seen working.
 */
final class TunnelJudge {
    /** WireGuard's REJECT_AFTER_TIME: a handshake at most this old keeps the session usable. */
    static final Duration REJECT_AFTER = Duration.ofSeconds(180);

    private final Duration silence;
    private final Duration handshakeTimeout;
    private final long startNanos;
    private final Tracker uapi = new Tracker();
    private final Tracker counters = new Tracker();
    /** Counters only: when bytes were first sent with nothing received since; -1 when not so. */
    private long unansweredSince = -1;

    TunnelJudge(Duration silence, Duration handshakeTimeout, long startNanos) {
        this.silence = silence;
        this.handshakeTimeout = handshakeTimeout;
        this.startNanos = startNanos;
    }

    /**
     * @param nowNanos monotonic time of the reading
     * @param nowEpochSecond wall time of the reading (handshake times are wall times)
     */
    TunnelVerdict judge(InterfaceCounters.Read counterRead, WireGuardUapi.Read uapiRead, long nowNanos,
                        long nowEpochSecond) {
        if (counterRead.readable()) {
            long previousTx = counters.tx;
            boolean received = counters.update(counterRead.rxBytes(), counterRead.txBytes(), nowNanos);
            if (received) {
                unansweredSince = -1;
            } else if (unansweredSince < 0 && previousTx >= 0 && counterRead.txBytes() > previousTx) {
                unansweredSince = nowNanos;
            }
        } else {
            counters.reset();
            unansweredSince = -1;
        }
        if (uapiRead.readable()) {
            List<WireGuardPeer> peers = uapiRead.peers();
            uapi.update(peers.stream().mapToLong(WireGuardPeer::rxBytes).sum(),
                    peers.stream().mapToLong(WireGuardPeer::txBytes).sum(), nowNanos);
            return byPeers(peers, nowNanos, nowEpochSecond, counterRead.readable()
                    ? "counters not used: per-peer data is readable" : "counters not used: " + counterRead.failure());
        }
        uapi.reset();
        String uapiNote = "uapi not used: " + uapiRead.failure();
        if (counterRead.readable()) {
            return byCounters(nowNanos, uapiNote);
        }
        return new TunnelVerdict(TunnelState.UNKNOWN, counterRead.failure() + "; " + uapiNote, "none", Double.NaN,
                -1, -1);
    }

    private TunnelVerdict byPeers(List<WireGuardPeer> peers, long nowNanos, long nowEpochSecond, String note) {
        double sinceRx = uapi.secondsSinceRx(nowNanos);
        int recent = 0;
        long newest = 0;
        boolean keepalive = false;
        for (WireGuardPeer p : peers) {
            if (p.lastHandshakeEpochSecond() > 0 && nowEpochSecond - p.lastHandshakeEpochSecond()
                    <= REJECT_AFTER.toSeconds()) {
                recent++;
            }
            newest = Math.max(newest, p.lastHandshakeEpochSecond());
            keepalive |= p.persistentKeepalive() > 0;
        }
        int total = peers.size();
        if (total == 0) {
            return verdict(TunnelState.UNKNOWN, "no peers configured", "uapi", note, sinceRx, total, recent);
        }
        // a peer that never shook hands counts as old once the handshake timeout has passed since monitoring began
        long watchedSeconds = (nowNanos - startNanos) / 1_000_000_000L;
        long newestAge = newest > 0 ? nowEpochSecond - newest : watchedSeconds;
        if (Math.min(newestAge, watchedSeconds) > handshakeTimeout.toSeconds()) {
            return verdict(TunnelState.SILENT, newest > 0
                    ? "every peer's latest handshake is older than " + seconds(handshakeTimeout) + " (newest "
                            + newestAge + "s ago)"
                    : "no peer shook hands in " + watchedSeconds + "s", "uapi", note, sinceRx, total, recent);
        }
        if (uapi.receivedWithin(silence, nowNanos)) {
            return verdict(TunnelState.LIVE, "bytes received from peers " + round(sinceRx) + "s ago", "uapi", note,
                    sinceRx, total, recent);
        }
        if (!uapi.watchedFor(silence, nowNanos)) {
            return verdict(TunnelState.UNKNOWN, "waiting for a received byte", "uapi", note, sinceRx, total, recent);
        }
        if (keepalive) {
            return verdict(TunnelState.SILENT, "no byte received from any peer for " + round(sinceRx) + "s (silence "
                    + seconds(silence) + ")", "uapi", note, sinceRx, total, recent);
        }
        return verdict(TunnelState.UNKNOWN, "idle: nothing received for " + round(sinceRx) + "s and no peer has a"
                + " persistent keepalive", "uapi", note, sinceRx, total, recent);
    }

    private TunnelVerdict byCounters(long nowNanos, String note) {
        double sinceRx = counters.secondsSinceRx(nowNanos);
        if (counters.receivedWithin(silence, nowNanos)) {
            return verdict(TunnelState.LIVE, "bytes received " + round(sinceRx) + "s ago", "counters", note, sinceRx,
                    -1, -1);
        }
        if (unansweredSince >= 0 && nowNanos - unansweredSince >= silence.toNanos()) {
            return verdict(TunnelState.SILENT, "bytes sent into the tunnel for "
                    + round((nowNanos - unansweredSince) / 1e9) + "s, none received (silence " + seconds(silence) + ")",
                    "counters", note, sinceRx, -1, -1);
        }
        if (!counters.watchedFor(silence, nowNanos)) {
            return verdict(TunnelState.UNKNOWN, "waiting for a received byte", "counters", note, sinceRx, -1, -1);
        }
        return verdict(TunnelState.UNKNOWN, "idle: no traffic either way; the interface counters do not count"
                + " keepalives, so only per-peer data can tell an idle tunnel from a dead one", "counters", note,
                sinceRx, -1, -1);
    }

    private static TunnelVerdict verdict(TunnelState state, String reason, String source, String note, double sinceRx,
                                         int peers, int recent) {
        return new TunnelVerdict(state, reason + "; " + note, source, sinceRx, peers, recent);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String round(double seconds) {
        return String.valueOf(Math.round(seconds * 10) / 10.0);
    }

    /** Received and sent totals of one source, and when they were first seen and last grew. */
    private static final class Tracker {
        long rx = -1;
        long tx = -1;
        long since = -1;
        long lastRx = -1;

        /** @return whether more bytes were received than at the last reading */
        boolean update(long rxBytes, long txBytes, long nowNanos) {
            if (rx >= 0 && (rxBytes < rx || txBytes < tx)) {
                reset(); // the counters went back: the device was recreated, so watching starts anew
            }
            boolean received = rx >= 0 && rxBytes > rx;
            if (since < 0) {
                since = nowNanos;
            }
            if (received) {
                lastRx = nowNanos;
            }
            rx = rxBytes;
            tx = txBytes;
            return received;
        }

        void reset() {
            rx = -1;
            tx = -1;
            since = -1;
            lastRx = -1;
        }

        boolean receivedWithin(Duration d, long nowNanos) {
            return lastRx >= 0 && nowNanos - lastRx < d.toNanos();
        }

        boolean watchedFor(Duration d, long nowNanos) {
            return since >= 0 && nowNanos - since >= d.toNanos();
        }

        /** Since the last received byte, or since watching began when none was seen; NaN before. */
        double secondsSinceRx(long nowNanos) {
            long from = lastRx >= 0 ? lastRx : since;
            return from < 0 ? Double.NaN : (nowNanos - from) / 1e9;
        }
    }
}

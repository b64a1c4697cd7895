package io.netmaker.agent.election;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the Lease identity of a child whose identity the agent cannot know in advance (controller-runtime's
 * {@code os.Hostname() + "_" + uuid}, the same hostname for every replica on a node under {@code hostNetwork}).
 *
 * <p>The child reports whether it leads ({@code leader_election_master_status}); the Lease says who holds it and
 * since when ({@code acquireTime}). When the child turns from "not leading" to "leading" between two readings at
 * most {@link #MAX_WINDOW} apart, it acquired the Lease in that window; the holder bound to the child is the one
 * holder whose acquisition falls in that window (widened by {@link #MARGIN} for the request's own time), that has
 * this host's name as prefix (so it was stamped by this node's clock), and that the Lease names now. Anything less
 * certain (a gap in the readings, two acquisitions in the window) binds nothing: the state stays unknown and nothing
 * is released, which is what happens without the agent. A binding lasts for the child's life (its identity is fixed
 * per process).
 *
 * <p>A bound child that still reports leading while the Lease names another holder leads without the Lease (it was
 * stopped past its renew deadline and resumed, say; client-go has no fencing and notices only at its next renewal):
 * the agent is told once, so that it can stop it.
 */
public final class ReportedIdentity implements ChildIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(ReportedIdentity.class);
    /** Longest time between the last "not leading" reading and the first "leading" one that still binds. */
    static final Duration MAX_WINDOW = Duration.ofSeconds(3);
    /**
     * Longest time from the child's start to its first reading that still binds when that reading already says
     * "leading" (a child that finds the Lease free acquires it before its metrics answer).
     */
    static final Duration MAX_START_WINDOW = Duration.ofSeconds(15);
    /** How long before the last "not leading" reading the acquisition may have been stamped. */
    static final Duration MARGIN = Duration.ofSeconds(1);
    /** A "not leading" reading older than this says nothing about the current holder. */
    static final Duration FRESH = Duration.ofSeconds(3);
    private static final int KEPT_ACQUISITIONS = 64;

    /** One reading of the child's {@code leader_election_master_status}. */
    public enum Reading { LEADING, NOT_LEADING, UNREADABLE }

    private record Acquisition(String holder, Instant at) {}

    private final String leaseName;
    private final String hostPrefix;
    private final Clock clock;
    private final Supplier<Reading> source;
    private final Deque<Acquisition> acquisitions = new ArrayDeque<>();

    private long pid;
    private String latestHolder;
    private Instant quietSince;
    private boolean gap;
    private boolean everRead;
    private Instant windowFrom;
    private Instant windowTo;
    private String bound;
    private Reading lastReading;
    private Instant lastReadingAt;
    private String why = "no child running";
    private boolean staleReported;
    private final Runnable onStaleLeader;

    /** Without a reaction to a stale leader (tests of the binding rules). */
    public ReportedIdentity(String leaseName, String hostname, Clock clock, Supplier<Reading> source) {
        this(leaseName, hostname, clock, source, () -> { });
    }

    /**
     * @param hostname this host's name, as the child's {@code os.Hostname()} reads it (empty: no prefix rule)
     * @param source reads the child's leader status (blocking, bounded by its own timeout)
     * @param onStaleLeader run once per child when it reports leading while the Lease names another holder (on the
     *     poll thread)
     */
    public ReportedIdentity(String leaseName, String hostname, Clock clock, Supplier<Reading> source,
            Runnable onStaleLeader) {
        this.leaseName = leaseName;
        this.hostPrefix = hostname.isEmpty() ? "" : hostname + "_";
        this.clock = clock;
        this.source = source;
        this.onStaleLeader = onStaleLeader;
    }

    @Override
    public String rule() {
        return "child-report";
    }

    /** Reads the child's status and records it (on the agent's background thread). */
    public void poll() {
        Reading reading = source.get();
        if (record(reading, clock.instant())) {
            LOG.warn("child reports leading but the Lease names another holder, stopping it lease={}", leaseName);
            onStaleLeader.run();
        }
    }

    /** Records a reading; true when the bound child leads without the Lease (reported once per child). */
    synchronized boolean record(Reading reading, Instant now) {
        if (pid == 0) {
            return false;
        }
        lastReading = reading;
        lastReadingAt = now;
        switch (reading) {
            case NOT_LEADING -> {
                everRead = true;
                quietSince = now;
                gap = false;
                windowFrom = null;
                if (bound == null) {
                    why = "the child does not lead; its identity is learned when it acquires the Lease";
                }
            }
            case UNREADABLE -> {
                // before the first answer the child is starting: it cannot have led before its start
                if (windowFrom == null && everRead) {
                    gap = true;
                }
            }
            case LEADING -> {
                Duration allowed = everRead ? MAX_WINDOW : MAX_START_WINDOW;
                everRead = true;
                if (bound == null && windowFrom == null) {
                    if (!gap && quietSince != null && Duration.between(quietSince, now).compareTo(allowed) <= 0) {
                        windowFrom = quietSince.minus(MARGIN);
                        windowTo = now;
                    } else {
                        why = "the child reported leading without a reading just before (or long after its start);"
                                + " identity unknown until it restarts";
                    }
                }
                resolve();
                if (bound != null && latestHolder != null && !bound.equals(latestHolder) && !staleReported) {
                    staleReported = true;
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public synchronized void leaseObserved(Lease lease) {
        String holder = LeaseWatch.holder(lease);
        latestHolder = holder;
        Instant acquired = lease == null || lease.getSpec() == null || lease.getSpec().getAcquireTime() == null
                ? null : lease.getSpec().getAcquireTime().toInstant();
        if (holder != null && acquired != null) {
            Acquisition a = new Acquisition(holder, acquired);
            if (!acquisitions.contains(a)) {
                acquisitions.addLast(a);
                if (acquisitions.size() > KEPT_ACQUISITIONS) {
                    acquisitions.removeFirst();
                }
            }
        }
        resolve();
    }

    private void resolve() {
        if (bound != null || windowFrom == null) {
            return;
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (Acquisition a : acquisitions) {
            if (a.holder().startsWith(hostPrefix) && !a.at().isBefore(windowFrom) && !a.at().isAfter(windowTo)) {
                candidates.add(a.holder());
            }
        }
        if (candidates.size() > 1) {
            windowFrom = null;
            why = "two acquisitions of the Lease in the window the child acquired it in; identity unknown until it"
                    + " restarts";
            LOG.warn("child lease identity ambiguous lease={} candidates={}", leaseName, candidates.size());
        } else if (candidates.size() == 1 && candidates.contains(latestHolder)) {
            bound = latestHolder;
            windowFrom = null;
            LOG.info("child lease identity learned lease={} pid={} holder={}", leaseName, pid, bound);
        }
    }

    @Override
    public synchronized LeaderState stateFor(String holder) {
        if (bound != null) {
            return bound.equals(holder) ? LeaderState.LEADING : LeaderState.STANDBY;
        }
        if (holder == null) {
            return LeaderState.STANDBY;
        }
        boolean freshQuiet = lastReading == Reading.NOT_LEADING
                && Duration.between(lastReadingAt, clock.instant()).compareTo(FRESH) <= 0;
        return freshQuiet ? LeaderState.STANDBY : LeaderState.UNKNOWN;
    }

    @Override
    public synchronized void childStarted(long pid) {
        this.pid = pid;
        staleReported = false;
        quietSince = clock.instant();
        gap = false;
        everRead = false;
        windowFrom = null;
        bound = null;
        lastReading = null;
        why = "the child has not reported yet";
    }

    @Override
    public synchronized String childExited() {
        String exited = bound;
        pid = 0;
        bound = null;
        windowFrom = null;
        lastReading = null;
        why = "no child running";
        return exited;
    }

    @Override
    public synchronized Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identityRule", rule());
        out.put("childIdentity", bound);
        out.put("childReport", lastReading == null ? null : lastReading.name().toLowerCase(java.util.Locale.ROOT));
        if (bound == null) {
            out.put("identityReason", why);
        }
        return out;
    }

    /** The reading for {@code leader_election_master_status{name="<lease>"}} in Prometheus text; absent = not leading. */
    public static Reading parse(String metrics, String lease) {
        String wanted = "name=\"" + lease + "\"";
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("leader_election_master_status{")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            if (close < 0 || !line.substring(0, close).contains(wanted)) {
                continue;
            }
            String[] value = line.substring(close + 1).trim().split("\\s+");
            try {
                return Double.parseDouble(value[0]) == 1.0 ? Reading.LEADING : Reading.NOT_LEADING;
            } catch (NumberFormatException e) {
                return Reading.UNREADABLE;
            }
        }
        return Reading.NOT_LEADING;
    }

    @Override
    public String toString() {
        return "ReportedIdentity[" + leaseName + ", bound=" + Objects.toString(bound) + "]";
    }
}

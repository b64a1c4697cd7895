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
 *
 * <h2>States</h2>
 * The learning is a state machine per child, held in one field ({@code state}) and changed in one place
 * ({@code enter}); its transitions are computed by {@code afterReading} (a reading of the child) and
 * {@code afterLease} (the Lease as last seen), nowhere else:
 * <ul>
 *   <li>{@code NoChild}: no child runs; readings are ignored.</li>
 *   <li>{@code Starting}: the child started and has not answered yet (an unreadable status is its start-up).</li>
 *   <li>{@code Quiet}: the child's last answer said "not leading".</li>
 *   <li>{@code Gap}: the child has not answered since it last said "not leading" (stopped, say): a Lease it acquires
 *       meanwhile would be acquired unseen.</li>
 *   <li>{@code Window}: the child turned leader soon enough after its last "not leading" (or its start); the Lease's
 *       acquisitions in the window decide.</li>
 *   <li>{@code Unknown}: the child leads, but not in a way that says which holder it is (the reason is kept).</li>
 *   <li>{@code Bound}: the child's identity, for its life; whether its stale leadership was already reported.</li>
 * </ul>
 * <pre>
 * from        on                                                  to
 * any         childStarted                                        Starting(now)
 * any         childExited                                         NoChild
 * Starting    UNREADABLE                                          Starting
 * Starting    LEADING at most MAX_START_WINDOW after the start    Window(start - MARGIN, now)
 * Quiet       LEADING at most MAX_WINDOW after the "not leading"  Window(quiet - MARGIN, now)
 * Starting,
 *   Quiet     LEADING later                                       Unknown(unseen)
 * Quiet       UNREADABLE                                          Gap
 * Gap         UNREADABLE                                          Gap
 * Gap         LEADING                                             Unknown(unseen)
 * Window      LEADING, UNREADABLE                                 Window
 * Unknown     LEADING, UNREADABLE                                 Unknown
 * all but
 *   Bound     NOT_LEADING                                         Quiet(now)
 * Window      Lease: one acquisition in the window, by this host,
 *             and the Lease names it now                          Bound(holder)
 * Window      Lease: two acquisitions in the window               Unknown(ambiguous)
 * Bound       any reading                                         Bound; LEADING while the Lease names another
 *                                                                 holder: reported once (staleReported)
 * </pre>
 * The Lease is looked at after every Lease version and after every LEADING reading. What the Lease showed (its
 * latest holder, its recent acquisitions) is kept beside the state for every child alike; the child's last reading
 * too (for {@code /status}, reset at each start and exit). What a holder means ({@link #stateFor}): {@code Bound}
 * leads when the holder is its identity, else stands by; any other state stands by when nobody holds the Lease or
 * when it is {@code Quiet} since at most {@link #FRESH}, and is unknown otherwise.
 *
 * <p>Locking: every mutable field is written under this object's monitor (the {@code synchronized} methods). Only
 * {@link #poll()} works outside it: it reads the child (blocking) before, and runs the stale-leader reaction after,
 * the synchronized {@code record}.
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

    private static final String UNSEEN_REASON = "the child reported leading without a reading just before (or long"
            + " after its start); identity unknown until it restarts";
    private static final String AMBIGUOUS_REASON = "two acquisitions of the Lease in the window the child acquired it"
            + " in; identity unknown until it restarts";

    /** One reading of the child's {@code leader_election_master_status}. */
    public enum Reading { LEADING, NOT_LEADING, UNREADABLE }

    /** Where learning the current child's identity stands (see the class comment for the transitions). */
    sealed interface State {
        /** The child's pid (0: none). */
        long pid();

        /** Why no identity is bound, for {@code /status}; null when one is. */
        String reason();
    }

    /** No child runs. */
    record NoChild() implements State {
        @Override
        public long pid() {
            return 0;
        }

        @Override
        public String reason() {
            return "no child running";
        }
    }

    /** Child {@code pid} started at {@code since} and has not answered yet. */
    record Starting(long pid, Instant since) implements State {
        @Override
        public String reason() {
            return "the child has not reported yet";
        }
    }

    /** Child {@code pid} last said "not leading", at {@code since}. */
    record Quiet(long pid, Instant since) implements State {
        @Override
        public String reason() {
            return "the child does not lead; its identity is learned when it acquires the Lease";
        }
    }

    /** Child {@code pid} has not answered since it last said "not leading". */
    record Gap(long pid) implements State {
        @Override
        public String reason() {
            return "no answer from the child since it last reported not leading; a Lease it acquires meanwhile binds"
                    + " nothing";
        }
    }

    /** Child {@code pid} acquired the Lease between {@code from} and {@code to}; the Lease's acquisitions decide. */
    record Window(long pid, Instant from, Instant to) implements State {
        @Override
        public String reason() {
            return "the child turned leader; its identity is learned once the Lease shows its acquisition";
        }
    }

    /** Child {@code pid} leads, but nothing says which holder it is. */
    record Unknown(long pid, String reason) implements State {}

    /** Child {@code pid} is {@code holder}; {@code staleReported}: its leading without the Lease was reported. */
    record Bound(long pid, String holder, boolean staleReported) implements State {
        @Override
        public String reason() {
            return null;
        }
    }

    private record Acquisition(String holder, Instant at) {}

    private static final State NO_CHILD = new NoChild();

    private final String leaseName;
    private final String hostPrefix;
    private final Clock clock;
    private final Supplier<Reading> source;
    private final Runnable onStaleLeader;

    // guarded by this object's monitor
    private State state = NO_CHILD;
    /** The last reading of the current child (null before its first), for {@code /status}. */
    private Reading lastReading;
    /** The holder the Lease named last (any child, none). */
    private String latestHolder;
    /** The Lease's recent acquisitions (any child, none), oldest first. */
    private final Deque<Acquisition> acquisitions = new ArrayDeque<>();

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
        if (state instanceof NoChild) {
            return false;
        }
        lastReading = reading;
        State before = state;
        State next = afterReading(state, reading, now);
        enter(reading == Reading.LEADING ? afterLease(next) : next);
        return state instanceof Bound b && b.staleReported() && !state.equals(before);
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
        enter(afterLease(state));
    }

    @Override
    public synchronized void childStarted(long pid) {
        lastReading = null;
        enter(new Starting(pid, clock.instant()));
    }

    @Override
    public synchronized String childExited() {
        String exited = state instanceof Bound b ? b.holder() : null;
        lastReading = null;
        enter(NO_CHILD);
        return exited;
    }

    /** The one writer of {@link #state}; logs what a change means. */
    private void enter(State next) {
        if (next.equals(state)) {
            return;
        }
        if (next instanceof Bound b && !(state instanceof Bound)) {
            LOG.info("child lease identity learned lease={} pid={} holder={}", leaseName, b.pid(), b.holder());
        }
        LOG.debug("child lease identity state lease={} from={} to={}", leaseName, name(state), name(next));
        state = next;
    }

    /** The state after {@code reading} at {@code now} (a child runs: {@code current} is not {@code NoChild}). */
    private State afterReading(State current, Reading reading, Instant now) {
        if (current instanceof Bound b) {
            boolean stale = reading == Reading.LEADING && !b.staleReported() && latestHolder != null
                    && !b.holder().equals(latestHolder);
            return stale ? new Bound(b.pid(), b.holder(), true) : b;
        }
        long pid = current.pid();
        return switch (reading) {
            case NOT_LEADING -> new Quiet(pid, now);
            // before its first answer the child is starting: it cannot have led before its start
            case UNREADABLE -> current instanceof Quiet ? new Gap(pid) : current;
            case LEADING -> {
                if (current instanceof Starting st) {
                    yield window(pid, st.since(), MAX_START_WINDOW, now);
                } else if (current instanceof Quiet q) {
                    yield window(pid, q.since(), MAX_WINDOW, now);
                } else if (current instanceof Gap) {
                    yield new Unknown(pid, UNSEEN_REASON);
                }
                yield current; // Window, Unknown
            }
        };
    }

    /** Leading at {@code now} after quiet since {@code since}: a window when at most {@code allowed} later. */
    private static State window(long pid, Instant since, Duration allowed, Instant now) {
        return Duration.between(since, now).compareTo(allowed) <= 0
                ? new Window(pid, since.minus(MARGIN), now) : new Unknown(pid, UNSEEN_REASON);
    }

    /** The state after looking at the Lease's acquisitions and holder: only a {@link Window} changes. */
    private State afterLease(State current) {
        if (!(current instanceof Window w)) {
            return current;
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (Acquisition a : acquisitions) {
            if (a.holder().startsWith(hostPrefix) && !a.at().isBefore(w.from()) && !a.at().isAfter(w.to())) {
                candidates.add(a.holder());
            }
        }
        if (candidates.size() > 1) {
            LOG.warn("child lease identity ambiguous lease={} candidates={}", leaseName, candidates.size());
            return new Unknown(w.pid(), AMBIGUOUS_REASON);
        }
        if (candidates.size() == 1 && candidates.contains(latestHolder)) {
            return new Bound(w.pid(), latestHolder, false);
        }
        return w;
    }

    private static String name(State s) {
        return s.getClass().getSimpleName();
    }

    /** The current state (tests). */
    synchronized State state() {
        return state;
    }

    @Override
    public synchronized LeaderState stateFor(String holder) {
        if (state instanceof Bound b) {
            return b.holder().equals(holder) ? LeaderState.LEADING : LeaderState.STANDBY;
        }
        if (holder == null) {
            return LeaderState.STANDBY;
        }
        boolean freshQuiet = state instanceof Quiet q
                && Duration.between(q.since(), clock.instant()).compareTo(FRESH) <= 0;
        return freshQuiet ? LeaderState.STANDBY : LeaderState.UNKNOWN;
    }

    @Override
    public synchronized Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identityRule", rule());
        out.put("childIdentity", state instanceof Bound b ? b.holder() : null);
        out.put("childReport", lastReading == null ? null : lastReading.name().toLowerCase(java.util.Locale.ROOT));
        if (!(state instanceof Bound)) {
            out.put("identityReason", state.reason());
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
    public synchronized String toString() {
        return "ReportedIdentity[" + leaseName + ", " + state + "]";
    }
}

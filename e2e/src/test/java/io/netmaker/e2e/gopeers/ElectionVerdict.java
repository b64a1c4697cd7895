package io.netmaker.e2e.gopeers;

import io.netmaker.e2e.gopeers.GoLeadershipSampler.Round;
import io.netmaker.e2e.gopeers.GoPeerCluster.AgentView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the sampled rounds of {@link GoElectionE2E} show.
 *
 * <ul>
 *   <li>Split rounds: two Go processes believe they lead. A SIGSTOPped process answers nothing while stopped; the
 *       requests sent to it before SIGCONT are answered after it and say nothing about the time they were sent, so
 *       its answers count only in rounds that started after SIGCONT. The split rounds in which the resumed process
 *       is one of the leaders, within {@link #RESUMED_GAP_MILLIS} after SIGCONT, are reported apart
 *       ({@code resumedSplitRounds}, {@code resumedGapMillis}): client-go has no fencing, and its renew loop starts
 *       each try with a fresh RenewDeadline (10 s) after sleeping RetryPeriod, where a stop nearly always hits it; a
 *       resumed leader finds the Lease taken by another but believes it leads until that deadline runs out. The
 *       agent closes that gap: at its next reading of the child (every 500 ms) it sees its bound child report
 *       leading while the Lease names another holder, and restarts it.</li>
 *   <li>Foreign releases: an agent's {@code netmaker_agent_lease_releases_total{outcome="released"}} grew while no
 *       holder the Lease named in the second before (the last holder, if it named none) was an identity a Go child
 *       of that replica had reported. The window absorbs the sampling lag between the Lease and the counter.</li>
 *   <li>Agents vs the Lease, away from changes (3 s after a fault or a holder change, and from SIGSTOP to 3 s after
 *       SIGCONT): an agent exporting 1 while its child's identity is not the holder is false leading; the holder's
 *       agent not exporting 1 is missed.</li>
 * </ul>
 */
record ElectionVerdict(int rounds, List<Long> splitRounds, int resumedSplitRounds, long resumedGapMillis,
                       List<String> foreignReleases,
                       int releases, int falseLeading, int missed, int considered, List<Double> failovers,
                       double handover, int holderChanges) {
    static final long AROUND_CHANGE_MILLIS = 3_000;
    static final long RELEASE_WINDOW_MILLIS = 1_000;
    /**
     * The agent's bound for a resumed leader: its next reading (500 ms), the child's stop on SIGTERM, and room for
     * sampling and a loaded machine (client-go alone: RenewDeadline 10 s + RetryPeriod 2 s).
     */
    static final long RESUMED_GAP_MILLIS = 5_000;

    record Event(long atMillis, String kind, int replica) {}

    static ElectionVerdict of(List<Round> rounds, List<Event> events, List<Double> failovers, double handover) {
        Optional<Event> stop = events.stream().filter(e -> e.kind().equals("SIGSTOP go")).findFirst();
        Optional<Event> cont = events.stream().filter(e -> e.kind().equals("SIGCONT go")).findFirst();
        List<Long> splits = new ArrayList<>();
        int resumedSplits = 0;
        long resumedGap = 0;
        List<Set<String>> identities = new ArrayList<>();
        List<Double> lastReleased = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        int releases = 0;
        int falseLeading = 0;
        int missed = 0;
        int considered = 0;
        int holderChanges = 0;
        List<Long> changes = new ArrayList<>();
        events.forEach(e -> changes.add(e.atMillis()));
        Optional<String> previousHolder = Optional.empty();
        List<Round> held = new ArrayList<>(); // the rounds in which the Lease had a holder
        for (int r = 0; r < rounds.size(); r++) {
            Round round = rounds.get(r);
            if (r > 0 && !round.holder().equals(previousHolder)) {
                holderChanges++;
                changes.add(round.atMillis());
            }
            List<Integer> leaders = new ArrayList<>(round.goLeaders());
            boolean resumedLeads = false;
            if (stop.isPresent() && round.atMillis() >= stop.get().atMillis()
                    && (cont.isEmpty() || round.atMillis() < cont.get().atMillis())) {
                leaders.remove(Integer.valueOf(stop.get().replica())); // stopped: its late answers do not count
            } else if (cont.isPresent() && round.atMillis() >= cont.get().atMillis()
                    && round.atMillis() - cont.get().atMillis() <= RESUMED_GAP_MILLIS) {
                resumedLeads = leaders.contains(cont.get().replica());
            }
            if (leaders.size() > 1) {
                if (resumedLeads) {
                    resumedSplits++;
                    resumedGap = round.atMillis() - cont.get().atMillis();
                } else {
                    splits.add(round.atMillis());
                }
            }
            for (int i = 0; i < round.beliefs().size(); i++) {
                while (identities.size() <= i) {
                    identities.add(new HashSet<>());
                    lastReleased.add(Double.NaN);
                }
                round.identity(i).ifPresent(identities.get(i)::add);
                Optional<AgentView> agent = round.agents().get(i);
                if (agent.isPresent()) {
                    double released = agent.get().released();
                    double last = lastReleased.get(i);
                    if (!Double.isNaN(last) && released > last) {
                        releases += (int) (released - last);
                        Set<String> before = holdersBefore(held, round.atMillis());
                        if (before.stream().noneMatch(identities.get(i)::contains)) {
                            foreign.add("replica " + i + " at " + round.atMillis() + " ms released while the holder was "
                                    + before + " (its children: " + identities.get(i) + ")");
                        }
                    }
                    lastReleased.set(i, released);
                }
            }
            previousHolder = round.holder();
            if (round.holder().isPresent()) {
                held.add(round);
            }
        }
        // agents vs the Lease, away from changes
        for (Round round : rounds) {
            if (near(changes, round.atMillis()) || stoppedWindow(stop, cont, round.atMillis())) {
                continue;
            }
            for (int i = 0; i < round.beliefs().size(); i++) {
                Optional<AgentView> agent = round.agents().get(i);
                Optional<String> identity = round.identity(i);
                if (agent.isEmpty() || identity.isEmpty()) {
                    continue;
                }
                considered++;
                boolean says = agent.get().gauge() == 1.0;
                boolean holds = round.holder().equals(identity);
                if (says && !holds) {
                    falseLeading++;
                } else if (holds && !says) {
                    missed++;
                }
            }
        }
        return new ElectionVerdict(rounds.size(), splits, resumedSplits, resumedGap, foreign, releases, falseLeading, missed,
                considered, failovers, handover, holderChanges);
    }

    /** The holders of the rounds in the window before {@code at}; the last holder when the window has none. */
    private static Set<String> holdersBefore(List<Round> held, long at) {
        Set<String> holders = new HashSet<>();
        for (int k = held.size() - 1; k >= 0 && at - held.get(k).atMillis() <= RELEASE_WINDOW_MILLIS; k--) {
            holders.add(held.get(k).holder().orElseThrow());
        }
        if (holders.isEmpty() && !held.isEmpty()) {
            holders.add(held.get(held.size() - 1).holder().orElseThrow());
        }
        return holders;
    }

    private static boolean near(List<Long> changes, long at) {
        return changes.stream().anyMatch(c -> at >= c && at - c < AROUND_CHANGE_MILLIS);
    }

    private static boolean stoppedWindow(Optional<Event> stop, Optional<Event> cont, long at) {
        return stop.isPresent() && at >= stop.get().atMillis()
                && (cont.isEmpty() || at < cont.get().atMillis() + AROUND_CHANGE_MILLIS);
    }

    double failoverMedian() {
        List<Double> sorted = failovers.stream().filter(d -> !d.isNaN()).sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }

    double missedFraction() {
        return considered == 0 ? 0 : (double) missed / considered;
    }

    @Override
    public String toString() {
        List<Double> sorted = failovers.stream().filter(d -> !d.isNaN()).sorted().toList();
        String kill = sorted.isEmpty() ? "none" : String.format("min/median/max %.2f/%.2f/%.2f s (n=%d, in order %s)",
                sorted.get(0), failoverMedian(), sorted.get(sorted.size() - 1), sorted.size(),
                failovers.stream().map(d -> String.format("%.2f", d)).toList());
        return String.format("%d rounds; split rounds %d; resumed leader beside the new one: %d rounds, last %d ms "
                        + "after SIGCONT; kill -9 failover %s; "
                        + "SIGTERM handover %.2f s; holder changes %d; releases %d, foreign %d; agents vs Lease: "
                        + "%d considered, %d false leading, %d missed", rounds, splitRounds.size(), resumedSplitRounds, resumedGapMillis, kill,
                handover, holderChanges, releases, foreignReleases.size(), considered, falseLeading, missed)
                + (splitRounds.isEmpty() ? "" : " split at ms " + splitRounds.subList(0, Math.min(20, splitRounds.size())))
                + (foreignReleases.isEmpty() ? "" : " " + foreignReleases);
    }
}

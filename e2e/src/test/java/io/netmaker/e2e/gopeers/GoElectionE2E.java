package io.netmaker.e2e.gopeers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.e2e.gopeers.GoPeerCluster.Belief;
import io.netmaker.e2e.gopeers.GoPeerCluster.Hostnames;
import io.netmaker.e2e.sandbox.ApiServer;
import io.netmaker.e2e.sandbox.KubeApi;
import io.netmaker.e2e.sandbox.SandboxOptions;
import io.netmaker.e2e.sandbox.Signals;
import io.netmaker.e2e.target.RealApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas of {@code agent run -- electionpeer --leader-elect} (real client-go leader election, upstream's
 * timings 15s/10s/2s, no release on cancel) on the mock API server, once sharing one hostname (what
 * {@code hostNetwork: true} gives replicas on one node) and once with a hostname each. Faults: kill -9 of the leader's
 * Go child (4 times), SIGTERM to the leader's agent, SIGSTOP of the leader's Go child for 20 s. Sampled every 100 ms
 * (see {@link ElectionVerdict}): never two Go processes leading but the resumed one right after SIGCONT (client-go has
 * no fencing: it believes it leads until its renew deadline, which restarts after the stop, has run out), failover
 * median under 3 s, no release of a Lease the exiting child did not hold, agents agree with the Lease. The failover
 * figure counts kills of leaders whose agent had bound their identity (up to 8 kills for 4 of them); the others are
 * printed apart (see {@link GoIdentityAtStartE2E}).
 */
class GoElectionE2E {
    private static final int KILLS = 4;
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final Duration NEW_LEADER = Duration.ofSeconds(40);
    private static final Duration STOPPED = Duration.ofSeconds(20);
    /**
     * How long the observed leader stays steady before a fault. The standby's next try after the fault comes
     * RetryPeriod 2 s plus up to 120 % jitter after its last one, and the restarted standby's first try is at its
     * start: a fault right after it waits 2-4.4 s for the next, one STEADY later 0.5-2.9 s. That offset is part of the
     * failover figure (issue 19: it was a bare 1.5 s sleep; a fault at once measured medians of 3.6-4.1 s).
     */
    private static final Duration STEADY = Duration.ofMillis(1_500);

    @Test
    @Timeout(value = 480, unit = TimeUnit.SECONDS)
    void sharedHostname() throws Exception {
        run(GoPeersAvailable.require(), Hostnames.SHARED);
    }

    @Test
    @Timeout(value = 480, unit = TimeUnit.SECONDS)
    void hostnameEach() throws Exception {
        GoPeers peers = GoPeersAvailable.require();
        GoPeersAvailable.requireUnshare();
        run(peers, Hostnames.EACH);
    }

    /** On the real API server (etcd, watch cache, RBAC of deploy/base as shipped), one hostname. */
    @Test
    @Timeout(value = 480, unit = TimeUnit.SECONDS)
    void sharedHostnameOnTheApiServer() throws Exception {
        GoPeers peers = GoPeersAvailable.require();
        run(peers, Hostnames.SHARED, "apiserver", RealApi.require(),
                base -> base.withNamespace(RealApi.NAMESPACE));
    }

    /** The replicas' logs stay in {@code target/gopeers-e2e/<hostnames>[-apiserver]} for a look after the run. */
    private static Path workDir(Hostnames hostnames, String api) throws IOException {
        Path work = Path.of("target", "gopeers-e2e", hostnames.name().toLowerCase(Locale.ROOT)
                + (api.equals("mock") ? "" : "-" + api)).toAbsolutePath();
        if (Files.exists(work)) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(work);
    }

    private void run(GoPeers peers, Hostnames hostnames) throws Exception {
        run(peers, hostnames, "mock", ApiServer::start, base -> base);
    }

    private void run(GoPeers peers, Hostnames hostnames, String api, KubeApi.Starter starter,
                     UnaryOperator<SandboxOptions> options) throws Exception {
        Path work = workDir(hostnames, api);
        List<ElectionVerdict.Event> events = new ArrayList<>();
        List<Double> failovers = new ArrayList<>();
        List<Double> unbound = new ArrayList<>();
        double handover = Double.NaN;
        try (GoPeerCluster c = GoPeerCluster.behindAgents(
                options.apply(GoPeersAvailable.options(work)), peers, 2, hostnames, Map.of(), starter);
             GoLeadershipSampler sampler = new GoLeadershipSampler(c)) {
            try {
                awaitSettled(c);
                sampler.start();
                // A leader whose agent never bound its identity (state unknown) is not released on a crash: such
                // kills are measured apart (GoIdentityAtStartE2E); KILLS kills of bound leaders are the figure.
                for (int k = 0; failovers.size() < KILLS && k < 2 * KILLS; k++) {
                    Fault f = fault(c, sampler, events, "kill -9 go", i -> c.killGo(i));
                    (f.bound() ? failovers : unbound).add(f.seconds());
                }
                int terminated = awaitSettled(c);
                handover = fault(c, sampler, events, "SIGTERM agent", c::terminate).seconds();
                c.sandbox().orElseThrow().replica(terminated).awaitExit(Duration.ofSeconds(30));
                c.recover(terminated, Duration.ofSeconds(10));

                int stopped = awaitObserved(c);
                long pid = c.goPid(stopped).orElseThrow();
                events.add(new ElectionVerdict.Event(sampler.elapsedMillis(), "SIGSTOP go", stopped));
                Signals.send(pid, "STOP");
                // the stop itself: the stopped process answers nothing for STOPPED (the same process, not a new child)
                await("the stopped Go child stays silent for " + STOPPED.toSeconds() + " s").during(STOPPED)
                        .atMost(STOPPED.plus(SETTLE)).pollInterval(Duration.ofMillis(200))
                        .until(() -> c.goPid(stopped).equals(OptionalLong.of(pid)) && c.belief(stopped).isEmpty());
                Signals.send(pid, "CONT");
                events.add(new ElectionVerdict.Event(sampler.elapsedMillis(), "SIGCONT go", stopped));
                long resumed = System.nanoTime();
                await("the resumed child exits (leader election lost)").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100)).until(() -> !Signals.alive(pid));
                System.out.printf("the resumed Go child exited %.2f s after SIGCONT%n", (System.nanoTime() - resumed) / 1e9);
                // the last observation window: the verdict compares agents with the Lease only away from changes
                int last = awaitSettled(c);
                await("the Go leader stays settled past the verdict's window after a change")
                        .during(Duration.ofMillis(ElectionVerdict.AROUND_CHANGE_MILLIS)).atMost(SETTLE)
                        .pollInterval(Duration.ofMillis(200)).until(() -> settledLeader(c).equals(OptionalInt.of(last)));
            } catch (RuntimeException | AssertionError e) {
                for (int i = 0; i < c.size(); i++) {
                    System.out.println("==== replica " + i + " log tail\n" + c.logTail(i, 60));
                }
                throw e;
            } finally {
                sampler.close();
            }
            ElectionVerdict verdict = ElectionVerdict.of(sampler.rounds(), events, failovers, handover);
            System.out.println("kill -9 of a leader its agent had not bound (s): " + unbound);
            report(hostnames, api, verdict);
            assertThat(verdict.splitRounds()).as("rounds with two Go processes leading (but the resumed one right "
                    + "after SIGCONT): %s", verdict).isEmpty();
            assertThat(verdict.resumedGapMillis()).as("how long the resumed process led beside the new leader (ms)")
                    .isLessThanOrEqualTo(ElectionVerdict.RESUMED_GAP_MILLIS);
            assertThat(failovers).as("failovers measured").hasSize(KILLS).doesNotContain(Double.NaN);
            assertThat(verdict.failoverMedian()).as("failover median (s) after kill -9").isLessThan(3.0);
            assertThat(verdict.foreignReleases()).as("releases of a Lease the exiting child did not hold").isEmpty();
            assertThat(verdict.releases()).as("releases by the agents after their leading child's exit").isPositive();
            assertThat(verdict.falseLeading()).as("rounds where an agent exports 1 for a Lease its child does not hold "
                    + "(away from changes)").isZero();
            assertThat(verdict.missedFraction()).as("fraction of rounds where the holder's agent does not export 1 "
                    + "(away from changes)").isLessThanOrEqualTo(0.05);
        }
    }

    /** Seconds until another Go process led (NaN: none); whether the leader's agent had bound its identity. */
    private record Fault(double seconds, boolean bound) {}

    /** Injects {@code fault} into the current leader and waits until another Go process leads. */
    private static Fault fault(GoPeerCluster c, GoLeadershipSampler sampler, List<ElectionVerdict.Event> events,
                                String kind, java.util.function.IntConsumer fault) {
        int leader = awaitObserved(c);
        String old = c.belief(leader).map(Belief::identity).orElseThrow();
        String agentBefore = c.agentLeaderSection(leader);
        boolean bound = c.agent(leader).map(a -> "leading".equals(a.state())).orElse(false);
        long at = sampler.elapsedMillis();
        events.add(new ElectionVerdict.Event(at, kind, leader));
        long start = System.nanoTime();
        fault.accept(leader);
        double seconds = Double.NaN;
        try {
            await("another Go process leads").atMost(NEW_LEADER).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> otherLeads(c, old));
            seconds = (System.nanoTime() - start) / 1e9;
        } catch (ConditionTimeoutException e) {
            // no new leader within NEW_LEADER: the failover is NaN, and the verdict's assertions say so
        }
        System.out.printf("fault %s on replica %d (%s) at %d ms: new Go leader after %.2f s; its agent before: %s%n",
                kind, leader, old, at, seconds, agentBefore);
        return new Fault(seconds, bound);
    }

    /** Whether a Go process other than {@code old} believes it leads. */
    private static boolean otherLeads(GoPeerCluster c, String old) {
        for (int i = 0; i < c.size(); i++) {
            Optional<Belief> b = c.belief(i);
            if (b.isPresent() && b.get().leading() && !b.get().identity().equals(old)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until the cluster is settled ({@link #awaitSettled}), every other Go process's election loop has seen
     * the leader as the holder (it tried at least once since the leader acquired) and the leader's agent has read its
     * child leading (the reading at which it binds the child's identity, when it can), and all of that holds for
     * {@link #STEADY}; the leader's index.
     */
    private static int awaitObserved(GoPeerCluster c) {
        int leader = await("a settled Go leader every standby has seen, read leading by its agent").atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200)).until(() -> observedLeader(c), OptionalInt::isPresent).getAsInt();
        await("replica " + leader + " stays the observed leader for " + STEADY.toMillis() + " ms").during(STEADY)
                .atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> observedLeader(c).equals(OptionalInt.of(leader)));
        return leader;
    }

    private static OptionalInt observedLeader(GoPeerCluster c) {
        OptionalInt leader = settledLeader(c);
        if (leader.isEmpty()) {
            return leader;
        }
        int l = leader.getAsInt();
        String identity = c.belief(l).map(Belief::identity).orElse("");
        for (int i = 0; i < c.size(); i++) {
            if (i != l && !c.belief(i).map(b -> b.observed().equals(identity)).orElse(false)) {
                return OptionalInt.empty();
            }
        }
        return c.agentChildReport(l).equals(Optional.of("leading")) ? leader : OptionalInt.empty();
    }

    /** Waits until one Go process leads, it holds the Lease and every replica's Go process answers; its index. */
    private static int awaitSettled(GoPeerCluster c) {
        return await("one Go leader holding the Lease, every Go peer up").atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200)).until(() -> settledLeader(c), OptionalInt::isPresent).getAsInt();
    }

    private static OptionalInt settledLeader(GoPeerCluster c) {
        OptionalInt leader = c.leader();
        if (leader.isEmpty()) {
            return leader;
        }
        Optional<String> holder = c.leaseHolder();
        Optional<String> identity = c.belief(leader.getAsInt()).map(Belief::identity);
        for (int i = 0; i < c.size(); i++) {
            if (!c.goUp(i)) {
                return OptionalInt.empty();
            }
        }
        return holder.isPresent() && holder.equals(identity) ? leader : OptionalInt.empty();
    }

    private static void report(Hostnames hostnames, String api, ElectionVerdict verdict) throws IOException {
        String text = "[" + api + "] Go election peers behind the agent, hostnames " + hostnames + ": " + verdict;
        System.out.println("==== " + text);
        Path out = Path.of("target", "gopeers-e2e-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

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
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
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

                int stopped = awaitSettled(c);
                Thread.sleep(1_500);
                long pid = c.goPid(stopped).orElseThrow();
                events.add(new ElectionVerdict.Event(sampler.elapsedMillis(), "SIGSTOP go", stopped));
                Signals.send(pid, "STOP");
                Thread.sleep(STOPPED.toMillis());
                Signals.send(pid, "CONT");
                events.add(new ElectionVerdict.Event(sampler.elapsedMillis(), "SIGCONT go", stopped));
                long resumed = System.nanoTime();
                await("the resumed child exits (leader election lost)").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100)).until(() -> !Signals.alive(pid));
                System.out.printf("the resumed Go child exited %.2f s after SIGCONT%n", (System.nanoTime() - resumed) / 1e9);
                awaitSettled(c);
                Thread.sleep(3_000);
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
                                String kind, java.util.function.IntConsumer fault) throws InterruptedException {
        int leader = awaitSettled(c);
        Thread.sleep(1_500); // let the standby's election loop run at least once
        String old = c.belief(leader).map(Belief::identity).orElseThrow();
        String agentBefore = c.agentLeaderSection(leader);
        boolean bound = c.agent(leader).map(a -> "leading".equals(a.state())).orElse(false);
        long at = sampler.elapsedMillis();
        events.add(new ElectionVerdict.Event(at, kind, leader));
        long start = System.nanoTime();
        fault.accept(leader);
        double seconds = Double.NaN;
        long deadline = start + NEW_LEADER.toNanos();
        while (Double.isNaN(seconds) && System.nanoTime() < deadline) {
            for (int i = 0; i < c.size(); i++) {
                Optional<Belief> b = c.belief(i);
                if (b.isPresent() && b.get().leading() && !b.get().identity().equals(old)) {
                    seconds = (System.nanoTime() - start) / 1e9;
                }
            }
            Thread.sleep(50);
        }
        System.out.printf("fault %s on replica %d (%s) at %d ms: new Go leader after %.2f s; its agent before: %s%n",
                kind, leader, old, at, seconds, agentBefore);
        return new Fault(seconds, bound);
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

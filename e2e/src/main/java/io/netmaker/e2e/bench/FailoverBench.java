package io.netmaker.e2e.bench;

import io.netmaker.e2e.gopeers.GoPeerCluster;
import io.netmaker.e2e.gopeers.GoPeers;
import io.netmaker.e2e.sandbox.SandboxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Figures 1 and 2: failover after {@code kill -9} of the leader's operator, and handover after SIGTERM to the
 * leader's agent. A run ends when the Lease (polled every 20 ms through the client) names another replica AND that
 * replica's operator reports leading on its metrics. The baseline runs the same operators directly, without agent.
 */
final class FailoverBench {
    static final int REPLICAS = 2;
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(45);
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    private final BenchContext ctx;
    private final Log log;

    FailoverBench(BenchContext ctx, Log log) {
        this.ctx = ctx;
        this.log = log;
    }

    interface Log {
        void line(String text);
    }

    List<Figure> run(int baselineRuns, int agentRuns) {
        List<Figure> figures = new ArrayList<>();
        String defaultsNote = "controller-runtime defaults lease 15s, renew 10s, retry 2s; " + REPLICAS
                + " replicas; baseline: operators run directly (no agent, nothing releases the Lease)";
        Stats base15 = crashes("baseline, defaults", () -> new DirectCluster(ctx, "direct-defaults", REPLICAS,
                SandboxOptions.SMALL_JVM, "15s", "10s", "2s"), baselineRuns);
        Stats agent15 = crashes("agent, defaults", () -> new AgentCluster(ctx, "agent-defaults", REPLICAS,
                "15s", "10s", "2s", Map.of()), agentRuns);
        figures.add(Figure.goal("failover.kill9.defaults", "Failover after kill -9 of the leader's operator", "s",
                agent15, "operator alone, Lease expiry", base15, "<= baseline/5 and < 3 s",
                !agent15.empty() && !base15.empty() && agent15.median() <= base15.median() / 5
                        && agent15.median() < 3.0,
                defaultsNote));

        // retry period 500 ms: kill -9 and graceful handover on the same clusters
        String fastNote = "lease 15s, renew 10s, retry 500ms; " + REPLICAS + " replicas; baseline as above";
        List<Double> baseKill = new ArrayList<>();
        List<Double> baseTerm = new ArrayList<>();
        killThenTerminate("baseline, retry 500ms", () -> new DirectCluster(ctx, "direct-fast", REPLICAS,
                SandboxOptions.SMALL_JVM, "15s", "10s", "500ms"), baselineRuns, baseKill, baseTerm);
        List<Double> agentKill = new ArrayList<>();
        List<Double> agentTerm = new ArrayList<>();
        killThenTerminate("agent, retry 500ms", () -> new AgentCluster(ctx, "agent-fast", REPLICAS, "15s", "10s",
                "500ms", Map.of()), agentRuns, agentKill, agentTerm);
        Stats ak = Stats.of(agentKill);
        Stats at = Stats.of(agentTerm);
        figures.add(Figure.goal("failover.kill9.retry500ms", "Failover after kill -9, --retry-period=500ms", "s",
                ak, "operator alone, Lease expiry", Stats.of(baseKill), "< 1 s", ak.median() < 1.0, fastNote));
        figures.add(Figure.goal("handover.sigterm.retry500ms", "Graceful handover (SIGTERM to leader's agent)", "s",
                at, "SIGTERM to the operator alone (releases on cancel)", Stats.of(baseTerm), "< 1 s",
                at.median() < 1.0, fastNote));
        figures.addAll(onApiServer(agentRuns, ak, at));
        return figures;
    }

    /** The agent rows with retry 500 ms again on the real API server (etcd, watch cache, RBAC), beside the mock's. */
    private List<Figure> onApiServer(int runs, Stats mockKill, Stats mockTerm) {
        String killId = "failover.kill9.retry500ms.apiserver";
        String termId = "handover.sigterm.retry500ms.apiserver";
        String note = "lease 15s, renew 10s, retry 500ms; " + REPLICAS + " replicas; e2e/go testapiserver + etcd 3.5, "
                + "agents and operators as ServiceAccount netmaker-operator with deploy/base's RBAC; baseline: the same "
                + "agents on the mock API server (rows above)";
        BenchContext.ApiChoice api;
        try {
            api = ctx.realApi();
        } catch (RuntimeException e) {
            return List.of(Figure.notMeasured(killId, "Failover after kill -9 on the real API server", "s", "< 1 s",
                    e.getMessage()), Figure.notMeasured(termId, "Graceful handover on the real API server", "s",
                    "< 1 s", e.getMessage()));
        }
        List<Double> kill = new ArrayList<>();
        List<Double> term = new ArrayList<>();
        killThenTerminate("agent on the API server, retry 500ms", () -> new AgentCluster(ctx, "agent-fast-apiserver",
                REPLICAS, "15s", "10s", "500ms", Map.of(), api), runs, kill, term);
        Stats k = Stats.of(kill);
        Stats t = Stats.of(term);
        return List.of(
                Figure.goal(killId, "Failover after kill -9, --retry-period=500ms, real API server", "s", k,
                        "the same on the mock API server", mockKill, "< 1 s", !k.empty() && k.median() < 1.0, note),
                Figure.goal(termId, "Graceful handover (SIGTERM to leader's agent), real API server", "s", t,
                        "the same on the mock API server", mockTerm, "< 1 s", !t.empty() && t.median() < 1.0, note));
    }

    /**
     * Failover after kill -9 of the leader's Go election peer (client-go, upstream's 15s/10s/2s, no release on
     * cancel): {@code REPLICAS} peers behind agents sharing one hostname vs the same peers run directly.
     */
    List<Figure> goPeers(GoPeers peers, int baselineRuns, int agentRuns) {
        String id = "failover.kill9.gopeers";
        String title = "Failover after kill -9 of the leader's Go peer (client-go)";
        Optional<String> missing = peers.missing();
        if (missing.isPresent()) {
            return List.of(Figure.notMeasured(id, title, "s", "< 3 s", missing.get()));
        }
        Stats direct = crashes("Go peers alone", () -> new GoCluster(
                GoPeerCluster.direct(ctx.dir("go-direct"), peers, REPLICAS)), baselineRuns);
        Stats agent = crashes("Go peers behind agents, one hostname", () -> new GoCluster(GoPeerCluster.behindAgents(
                SandboxOptions.defaults(ctx.repo).withWorkDir(ctx.dir("go-agent")).withStopGrace(Duration.ofSeconds(10)),
                peers, REPLICAS, GoPeerCluster.Hostnames.SHARED, Map.of())), agentRuns);
        String note = "e2e/go electionpeer: client-go LeaseLock 3820d23d.netmaker.io, lease 15s, renew 10s, retry 2s, "
                + "identity hostname_uuid; " + REPLICAS + " replicas sharing one hostname; until another Go process "
                + "reports leading";
        Figure mock = Figure.goal(id, title, "s", agent, "Go peers alone, Lease expiry", direct, "< 3 s",
                !agent.empty() && agent.median() < 3.0, note);
        String apiId = id + ".apiserver";
        String apiTitle = title + ", real API server";
        BenchContext.ApiChoice api;
        try {
            api = ctx.realApi();
        } catch (RuntimeException e) {
            return List.of(mock, Figure.notMeasured(apiId, apiTitle, "s", "< 3 s", e.getMessage()));
        }
        Stats real = crashes("Go peers behind agents on the API server", () -> new GoCluster(GoPeerCluster.behindAgents(
                api.options(SandboxOptions.defaults(ctx.repo)).withWorkDir(ctx.dir("go-agent-apiserver"))
                        .withStopGrace(Duration.ofSeconds(10)),
                peers, REPLICAS, GoPeerCluster.Hostnames.SHARED, Map.of(), api.starter())), agentRuns);
        return List.of(mock, Figure.goal(apiId, apiTitle, "s", real, "the same on the mock API server", agent, "< 3 s",
                !real.empty() && real.median() < 3.0, note + "; e2e/go testapiserver + etcd 3.5, deploy/base's RBAC"));
    }

    /** {@code runs} kill -9 of the leader's operator, then {@code runs} SIGTERMs (agent, else operator), one cluster. */
    private void killThenTerminate(String label, Supplier<Cluster> cluster, int runs, List<Double> kills,
                                   List<Double> terms) {
        try (Cluster c = cluster.get()) {
            repeat(label + ", kill -9", c, runs, Cluster::crashOperator, kills);
            repeat(label + ", SIGTERM", c, runs, Cluster::terminate, terms);
        } catch (RuntimeException e) {
            log.line("  " + label + " failed: " + e);
        }
    }

    private Stats crashes(String label, Supplier<Cluster> cluster, int runs) {
        List<Double> samples = new ArrayList<>();
        try (Cluster c = cluster.get()) {
            repeat(label + ", kill -9", c, runs, Cluster::crashOperator, samples);
        } catch (RuntimeException e) {
            log.line("  " + label + " failed: " + e);
        }
        return Stats.of(samples);
    }

    private void repeat(String label, Cluster c, int runs, BiConsumer<Cluster, String> fault, List<Double> out) {
        for (int i = 0; i < runs; i++) {
            if (!Procs.waitUntil(c::settled, SETTLE_TIMEOUT, 100)) {
                log.line("  " + label + ": cluster did not settle (holder=" + c.holder().orElse("none") + "), stopping");
                return;
            }
            Procs.sleep(1500); // let every standby's election loop run at least once
            String old = c.holder().orElseThrow();
            double seconds = measure(c, old, () -> fault.accept(c, old));
            log.line(String.format("  %s run %d/%d: %s", label, i + 1, runs,
                    Double.isNaN(seconds) ? "no new leader within " + RUN_TIMEOUT.toSeconds() + " s" : Stats.format(seconds) + " s"));
            out.add(seconds);
            c.recover(old);
        }
    }

    /** Seconds from the fault until another replica holds the Lease and its operator reports leading; NaN on timeout. */
    static double measure(Cluster c, String old, Runnable fault) {
        long start = System.nanoTime();
        fault.run();
        long deadline = start + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> h = c.holder();
            if (h.isPresent() && !h.get().equals(old) && c.leading(h.get())) {
                return (System.nanoTime() - start) / 1e9;
            }
            Procs.sleep(20);
        }
        return Double.NaN;
    }
}

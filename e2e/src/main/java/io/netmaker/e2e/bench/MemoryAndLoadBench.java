package io.netmaker.e2e.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figures 4 and 5. Memory: the agent's VmRSS once ready (plus 1 s) and after 10,000 probe requests (/healthz and
 * /readyz alternating, 4 concurrent); baseline: the operator child's VmRSS with the same JVM options. Load: 10,000
 * GETs per endpoint, 4 concurrent, on loopback, after 1,000 warm-up requests; baseline: the operator's own probe
 * and metrics servers.
 */
final class MemoryAndLoadBench {
    static final int PROBE_REQUESTS = 10_000;
    static final int CONCURRENCY = 4;
    static final double RSS_GOAL_MIB = 64;

    private final BenchContext ctx;
    private final FailoverBench.Log log;

    MemoryAndLoadBench(BenchContext ctx, FailoverBench.Log log) {
        this.ctx = ctx;
        this.log = log;
    }

    List<Figure> memory(StartupBench.Variant v, int runs, boolean withGoal) {
        List<Double> agentStart = new ArrayList<>();
        List<Double> agentAfter = new ArrayList<>();
        List<Double> childStart = new ArrayList<>();
        List<Double> childAfter = new ArrayList<>();
        List<Double> agentAnon = new ArrayList<>();
        List<Double> childAnon = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (SingleAgent a = SingleAgent.start(ctx, "memory/" + v.key() + "-" + i, v.agentJvm(),
                    ctx.operator(v.operatorJvm(), ctx.api().kubeconfig()), Map.of())) {
                if (!a.awaitReady(Duration.ofSeconds(60))) {
                    log.line("  memory " + v.key() + " run " + (i + 1) + ": agent not ready, skipped");
                    continue;
                }
                Procs.sleep(1000);
                long child = a.childPid().orElse(-1);
                agentStart.add(Procs.rssMiB(a.process.pid()));
                childStart.add(Procs.rssMiB(child));
                Load.Result r = Load.run(a.healthPort, List.of("/healthz", "/readyz"), PROBE_REQUESTS, CONCURRENCY);
                agentAfter.add(Procs.rssMiB(a.process.pid()));
                childAfter.add(Procs.rssMiB(child));
                agentAnon.add(Procs.statusMiB(a.process.pid(), "RssAnon"));
                childAnon.add(Procs.statusMiB(child, "RssAnon"));
                log.line(String.format("  memory %s run %d/%d: agent %.1f -> %.1f MiB after %d probes (%d errors),"
                                + " operator %.1f -> %.1f MiB", v.key(), i + 1, runs, last(agentStart), last(agentAfter),
                        r.requests(), r.errors(), last(childStart), last(childAfter)));
            }
        }
        String note = "VmRSS; JVM options: " + v.label();
        String baseline = "operator JVM, same options";
        Stats s = Stats.of(agentStart);
        Stats after = Stats.of(agentAfter);
        List<Figure> figures = new ArrayList<>();
        if (withGoal) {
            figures.add(Figure.goal("memory.start." + v.key(), "Memory: agent RSS after start (" + v.key() + ")", "MiB",
                    s, baseline, Stats.of(childStart), "< 64 MiB", s.median() < RSS_GOAL_MIB, note));
            figures.add(Figure.goal("memory.after10k." + v.key(), "Memory: agent RSS after 10k probes (" + v.key() + ")",
                    "MiB", after, baseline, Stats.of(childAfter), "< 64 MiB", after.median() < RSS_GOAL_MIB, note));
        } else {
            figures.add(Figure.info("memory.start." + v.key(), "Memory: agent RSS after start (" + v.key() + ")", "MiB",
                    s, baseline, Stats.of(childStart), note));
            figures.add(Figure.info("memory.after10k." + v.key(), "Memory: agent RSS after 10k probes (" + v.key() + ")",
                    "MiB", after, baseline, Stats.of(childAfter), note));
        }
        figures.add(Figure.info("memory.anon.after10k." + v.key(),
                "Memory: agent private (RssAnon) after 10k probes (" + v.key() + ")", "MiB", Stats.of(agentAnon),
                baseline, Stats.of(childAnon), "RssAnon: VmRSS without file-backed pages (libjvm, jars, CDS archive),"
                        + " which the two JVMs of a pod share in the page cache; JVM options: " + v.label()));
        return figures;
    }

    List<Figure> load(StartupBench.Variant v, int rounds) {
        List<String> paths = List.of("/healthz", "/readyz", "/metrics");
        List<List<Double>> agentRps = lists(3);
        List<List<Double>> agentP99 = lists(3);
        List<List<Double>> opRps = lists(3);
        List<List<Double>> opP99 = lists(3);
        try (SingleAgent a = SingleAgent.start(ctx, "load/" + v.key(), v.agentJvm(),
                ctx.operator(v.operatorJvm(), ctx.api().kubeconfig()), Map.of())) {
            if (!a.awaitReady(Duration.ofSeconds(60))) {
                return List.of(Figure.notMeasured("load", "Probe and scrape load", "req/s", "", "agent not ready"));
            }
            int childProbe = a.plannedPort("child-probe");
            int childMetrics = a.plannedPort("child-metrics");
            for (int e = 0; e < 3; e++) {
                int opPort = paths.get(e).equals("/metrics") ? childMetrics : childProbe;
                Load.run(a.healthPort, List.of(paths.get(e)), 1000, CONCURRENCY);
                Load.run(opPort, List.of(paths.get(e)), 1000, CONCURRENCY);
                for (int r = 0; r < rounds; r++) {
                    Load.Result ar = Load.run(a.healthPort, List.of(paths.get(e)), PROBE_REQUESTS, CONCURRENCY);
                    Load.Result or = Load.run(opPort, List.of(paths.get(e)), PROBE_REQUESTS, CONCURRENCY);
                    agentRps.get(e).add(ar.throughput());
                    agentP99.get(e).add(ar.p99ms());
                    opRps.get(e).add(or.throughput());
                    opP99.get(e).add(or.p99ms());
                    log.line(String.format("  load %s round %d/%d: agent %.0f req/s p99 %.2f ms (%d errors);"
                                    + " operator %.0f req/s p99 %.2f ms (%d errors)", paths.get(e), r + 1, rounds,
                            ar.throughput(), ar.p99ms(), ar.errors(), or.throughput(), or.p99ms(), or.errors()));
                }
            }
        }
        List<Figure> figures = new ArrayList<>();
        String note = PROBE_REQUESTS + " GETs per round, " + CONCURRENCY + " concurrent, JDK HttpClient keep-alive, "
                + "127.0.0.1; JVM options: " + v.label() + "; the agent's /readyz also calls the operator's /readyz";
        for (int e = 0; e < 3; e++) {
            String name = paths.get(e).substring(1);
            String base = "operator's own " + paths.get(e);
            figures.add(Figure.info("load." + name + ".throughput", "Load: " + paths.get(e) + " throughput", "req/s",
                    Stats.of(agentRps.get(e)), base, Stats.of(opRps.get(e)), note));
            figures.add(Figure.info("load." + name + ".p99", "Load: " + paths.get(e) + " p99 latency", "ms",
                    Stats.of(agentP99.get(e)), base, Stats.of(opP99.get(e)), note));
        }
        return figures;
    }

    private static List<List<Double>> lists(int n) {
        List<List<Double>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }

    private static double last(List<Double> values) {
        return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
    }
}

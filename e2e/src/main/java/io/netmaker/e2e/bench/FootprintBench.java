package io.netmaker.e2e.bench;

import io.netmaker.e2e.gopeers.GoPeers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12's table: the shipped configuration (JRE 25, {@code deploy/image/jvm.options}, the container limit and
 * the AOT caches made by {@code deploy/image/bin/aot-train}, as the image does) beside its baseline from the same
 * run: the previous configuration (this harness's JDK 17, the same options, AppCDS archives) or, for pod
 * readiness, the operator started alone. Memory, growth and probe latency run with election on and the agent's
 * Lease and Pod informers live on the mock API server.
 */
final class FootprintBench {
    static final double CHILD_GOAL_MS = 100;
    static final double HEALTHZ_GOAL_MS = 400;
    static final double READY_GOAL_RATIO = 1.10;
    static final double GO_READY_GOAL_MS = 300;
    static final double RSS_GOAL_MIB = 64;
    static final double GROWTH_GOAL_MIB = 2;
    static final double METRICS_P99_GOAL_MS = 3;
    static final double READYZ_P99_GOAL_MS = 2;
    static final int LONG_PROBES = 100_000;

    private final BenchContext ctx;
    private final FailoverBench.Log log;

    FootprintBench(BenchContext ctx, FailoverBench.Log log) {
        this.ctx = ctx;
        this.log = log;
    }

    List<Figure> run(StartupBench.Variant previous, GoPeers goPeers, int startups, int memoryRuns) {
        Optional<String> java25 = Jdk25.java();
        if (java25.isEmpty()) {
            return List.of(Figure.notMeasured("footprint", "Footprint (issue 12)", "", "",
                    "no JDK 25: set JAVA25 or install one under /usr/lib/jvm"));
        }
        JvmConfig shipped = ctx.shipped(log).orElseThrow();
        JvmConfig before = new JvmConfig("previous", "JDK 17 (" + ctx.java + ") + " + previous.label(), ctx.java,
                previous.agentJvm(), previous.operatorJvm(), ctx.agentJar, ctx.operatorJar);
        List<Figure> figures = new ArrayList<>();
        figures.addAll(startup(shipped, before, startups));
        figures.add(jvmFloor(java25.get(), startups));
        figures.addAll(memoryAndLatency(shipped, before, memoryRuns));
        figures.add(goReady(shipped, goPeers, startups));
        return figures;
    }

    // --- pod ready with the Go flag-surface peer as the child ---------------------------------------------------

    /** The agent (shipped) in front of the Go flag-surface peer beside the peer alone, both to their first /readyz 200. */
    private Figure goReady(JvmConfig shipped, GoPeers goPeers, int runs) {
        String id = "footprint.ready.go";
        String name = "Pod ready: agent /readyz with the Go peer child (shipped)";
        Optional<String> missing = goPeers.missing();
        if (missing.isPresent()) {
            return Figure.notMeasured(id, name, "ms", "< +300 ms", missing.get());
        }
        List<Double> withAgent = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            withAgent.add(goWithAgentReady(shipped, goPeers, i));
            alone.add(goAloneReady(goPeers, i));
            log.line(String.format("  footprint Go peer run %d/%d: agent + peer /readyz %.0f ms; peer alone /readyz %.0f ms",
                    i + 1, runs, last(withAgent), last(alone)));
        }
        Stats agent = Stats.of(withAgent);
        Stats peer = Stats.of(alone);
        return Figure.goal(id, name, "ms", agent, "the Go flag-surface peer alone, its /readyz", peer, "< +300 ms",
                agent.median() - peer.median() < GO_READY_GOAL_MS,
                String.format("+%.0f ms over the peer alone; child: e2e/go flagsurface (upstream's flags, dialect"
                        + " netmaker-go, election off); agent: %s", agent.median() - peer.median(), shipped.label()));
    }

    private double goWithAgentReady(JvmConfig c, GoPeers goPeers, int run) {
        Path dir = ctx.dir("footprint/go-agent-" + run);
        int port = Procs.freePort();
        return msToReady(port, c.agent(List.of(goPeers.flagsurface().toString())),
                ctx.agentEnv(dir, port, Map.of("AGENT_CHILD_DIALECT", "netmaker-go")), dir.resolve("agent.log"));
    }

    private double goAloneReady(GoPeers goPeers, int run) {
        Path dir = ctx.dir("footprint/go-alone-" + run);
        int port = Procs.freePort();
        return msToReady(port, List.of(goPeers.flagsurface().toString(), "--health-probe-bind-address=127.0.0.1:"
                + port, "--metrics-bind-address=0"), Map.of(), dir.resolve("peer.log"));
    }

    /** Starts {@code command}, returns ms from its start to the first /readyz 200 on {@code port} (NaN: never), stops it. */
    private double msToReady(int port, List<String> command, Map<String, String> env, Path logFile) {
        long start = System.nanoTime();
        Process p = ctx.procs.start(command, env, logFile);
        try {
            return StartupTimes.until200(port, "/readyz", start);
        } finally {
            Procs.stop(p, Duration.ofSeconds(10));
        }
    }

    private List<String> operator(JvmConfig c, String... extra) {
        return c.operator(ctx.api().kubeconfig(), extra);
    }

    // --- start-up --------------------------------------------------------------------------------------------

    private List<Figure> startup(JvmConfig shipped, JvmConfig before, int runs) {
        List<List<Double>> s = StartupTimes.lists();
        List<List<Double>> b = StartupTimes.lists();
        List<List<Double>> pod = StartupTimes.lists();
        List<Double> aloneReady = new ArrayList<>();
        Map<String, String> podLike = new HashMap<>(ctx.podLikeEnv("footprint-start"));
        podLike.put("AGENT_SIDECAR_WAIT", "false");
        for (int i = 0; i < runs; i++) {
            StartupTimes.add(s, startOnce(shipped, i, Map.of(), ""));
            StartupTimes.add(b, startOnce(before, i, Map.of(), ""));
            StartupTimes.add(pod, startOnce(shipped, i, podLike, "-election"));
            aloneReady.add(operatorAloneReady(shipped, i));
            log.line(String.format("  footprint start-up run %d/%d: shipped child %.0f /healthz %.0f /readyz %.0f ms;"
                            + " previous child %.0f /healthz %.0f ms; election on child %.0f /healthz %.0f ms;"
                            + " operator alone /readyz %.0f ms", i + 1, runs, last(s.get(0)), last(s.get(1)),
                    last(s.get(2)), last(b.get(0)), last(b.get(1)), last(pod.get(0)), last(pod.get(1)),
                    last(aloneReady)));
        }
        String note = "shipped: " + shipped.label() + "; previous: " + before.label();
        Stats child = Stats.of(s.get(0));
        Stats healthz = Stats.of(s.get(1));
        Stats ready = Stats.of(s.get(2));
        Stats alone = Stats.of(aloneReady);
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.goal("footprint.child", "Footprint: agent start to child start (shipped)", "ms", child,
                "previous configuration", Stats.of(b.get(0)), "< 100 ms (median)", child.median() < CHILD_GOAL_MS,
                note));
        figures.add(Figure.goal("footprint.healthz", "Footprint: agent start to first /healthz 200 (shipped)", "ms",
                healthz, "previous configuration", Stats.of(b.get(1)), "< 400 ms", healthz.median() < HEALTHZ_GOAL_MS,
                note));
        figures.add(Figure.goal("footprint.ready.java", "Pod ready: agent /readyz with the Java operator (shipped)",
                "ms", ready, "the operator alone, its /readyz (shipped JVM)", alone, "< +10% over the operator alone",
                ready.median() < alone.median() * READY_GOAL_RATIO,
                String.format("+%.0f ms (%+.0f%%) over the operator alone; %s", ready.median() - alone.median(),
                        100 * (ready.median() / alone.median() - 1), note)));
        String podNote = "as in a pod: POD_NAME, election on, the API from the environment (reachable), sidecar wait"
                + " off, so the Kubernetes client, the Lease and Pod informers start beside the child; " + note;
        figures.add(Figure.info("footprint.child.election", "Footprint: agent start to child start, election on"
                + " (shipped)", "ms", Stats.of(pod.get(0)), "election off, same runs", child, podNote));
        figures.add(Figure.info("footprint.healthz.election", "Footprint: agent start to first /healthz 200, election"
                + " on (shipped)", "ms", Stats.of(pod.get(1)), "election off, same runs", healthz, podNote));
        return figures;
    }

    /** {child start, /healthz 200, /readyz 200} in ms after the agent's process start; NaN where it never happened. */
    private double[] startOnce(JvmConfig c, int run, Map<String, String> env, String tag) {
        Path dir = ctx.dir("footprint/start-" + c.key() + tag + "-" + run);
        Path marker = dir.resolve("child-started-ns");
        List<String> child = markingChild(marker);
        child.addAll(operator(c));
        int port = Procs.freePort();
        long wallStartNs = System.currentTimeMillis() * 1_000_000L;
        long start = System.nanoTime();
        Process p = ctx.procs.start(c.agent(child), ctx.agentEnv(dir, port, env), dir.resolve("agent.log"));
        try {
            double healthz = StartupTimes.until200(port, "/healthz", start);
            double readyz = StartupTimes.until200(port, "/readyz", start);
            return new double[] {msToMark(marker, wallStartNs), healthz, readyz};
        } finally {
            Procs.stop(p, Duration.ofSeconds(10));
        }
    }

    /** A child that writes the wall clock (ns) into {@code marker} as it starts, then runs what is appended. */
    private static List<String> markingChild(Path marker) {
        return new ArrayList<>(List.of("sh", "-c", "date +%s%N > \"$0\"; exec \"$@\"", marker.toString()));
    }

    /** ms from {@code wallStartNs} to the time the marking child wrote; NaN when it did not within 5 s. */
    private static double msToMark(Path marker, long wallStartNs) {
        if (!Procs.waitUntil(() -> Files.isRegularFile(marker), Duration.ofSeconds(5), 20)) {
            return Double.NaN;
        }
        Procs.sleep(50);
        try {
            return (Long.parseLong(Files.readString(marker).trim()) - wallStartNs) / 1e6;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    // --- the floor: a JVM that does nothing but start the child ------------------------------------------------

    /**
     * The shipped JVM (JDK 25, the image's options, its own default CDS archive) running only {@link ForkOnly}, to
     * the same marking child: what any JVM entrypoint costs on this machine before its own code runs. tini, the
     * image's init, in the same run.
     */
    private Figure jvmFloor(String java25, int runs) {
        Path jar;
        try {
            jar = Path.of(ForkOnly.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> jvm = new ArrayList<>(List.of(java25));
        jvm.addAll(ctx.imageJvm);
        jvm.addAll(List.of("-cp", jar.toString(), ForkOnly.class.getName()));
        Optional<String> tini = ExitLatencyBench.onPath("tini").map(Path::toString);
        List<Double> floor = new ArrayList<>();
        List<Double> init = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            floor.add(childStartOf(jvm, "jvm-" + i));
            if (tini.isPresent()) {
                init.add(childStartOf(List.of(tini.get(), "-s", "--"), "tini-" + i));
            }
        }
        log.line(String.format("  footprint floor: bare JVM to child start %s ms; tini %s ms", floor, init));
        return Figure.info("footprint.floor", "Footprint: a bare JVM's start to child start (shipped JVM)", "ms",
                Stats.of(floor), tini.isPresent() ? "tini -s, same child" : "tini not on PATH", Stats.of(init),
                "the floor under the agent's child start: JDK 25 with the image's options and its default CDS"
                        + " archive, running only a ProcessBuilder.start() of the same child");
    }

    private double childStartOf(List<String> launcher, String name) {
        Path dir = ctx.dir("footprint/floor-" + name);
        Path marker = dir.resolve("child-started-ns");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(markingChild(marker));
        command.add("true");
        long wallStartNs = System.currentTimeMillis() * 1_000_000L;
        Process p = ctx.procs.start(command, Map.of(), dir.resolve("out.log"));
        try {
            return msToMark(marker, wallStartNs);
        } finally {
            Procs.stop(p, Duration.ofSeconds(10));
        }
    }

    private double operatorAloneReady(JvmConfig c, int run) {
        Path dir = ctx.dir("footprint/operator-" + run);
        int port = Procs.freePort();
        return msToReady(port, operator(c, "--leader-elect=false", "--health-probe-bind-address",
                "127.0.0.1:" + port, "--metrics-bind-address", "0"), BenchContext.operatorEnv(Map.of()),
                dir.resolve("operator.log"));
    }

    // --- memory, growth and probe latency, election on ---------------------------------------------------------

    private List<Figure> memoryAndLatency(JvmConfig shipped, JvmConfig before, int runs) {
        MemoryRun s = new MemoryRun();
        MemoryRun b = new MemoryRun();
        for (int i = 0; i < runs; i++) {
            memoryOnce(shipped, i, s);
            memoryOnce(before, i, b);
        }
        String note = "election on (POD_NAME, POD_NAMESPACE), the agent's Lease and Pod informers live on the mock API"
                + " server; probes: /healthz and /readyz alternating, " + MemoryAndLoadBench.CONCURRENCY
                + " concurrent; shipped: " + shipped.label() + "; previous: " + before.label();
        Stats after = Stats.of(s.after10k);
        Stats growth = Stats.of(s.growth);
        Stats metrics = Stats.of(s.metricsP99);
        Stats readyz = Stats.of(s.readyzP99);
        return List.of(
                Figure.info("footprint.rss.start", "Footprint: agent RSS after start, election on (shipped)", "MiB",
                        Stats.of(s.start), "previous configuration", Stats.of(b.start), note),
                Figure.goal("footprint.rss.after10k", "Footprint: agent RSS after 10k probes, election on (shipped)",
                        "MiB", after, "previous configuration", Stats.of(b.after10k), "< 64 MiB",
                        after.median() < RSS_GOAL_MIB, note),
                Figure.info("footprint.anon.after10k", "Footprint: agent private (RssAnon) after 10k probes (shipped)",
                        "MiB", Stats.of(s.anonAfter10k), "previous configuration", Stats.of(b.anonAfter10k),
                        "RssAnon: VmRSS without file-backed pages (libjvm, jars, the mapped AOT cache or CDS archive); "
                                + note),
                Figure.goal("footprint.rss.growth", "Footprint: agent RSS growth, start to after 100k probes (shipped)",
                        "MiB", growth, "previous configuration", Stats.of(b.growth), "< +2 MiB in all",
                        growth.median() < GROWTH_GOAL_MIB, note),
                Figure.goal("footprint.metrics.p99", "Footprint: /metrics p99, 4 concurrent (shipped)", "ms", metrics,
                        "previous configuration", Stats.of(b.metricsP99), "< 3 ms",
                        metrics.median() < METRICS_P99_GOAL_MS, note),
                Figure.goal("footprint.readyz.p99", "Footprint: /readyz p99, 4 concurrent (shipped)", "ms", readyz,
                        "previous configuration", Stats.of(b.readyzP99), "< 2 ms", readyz.median() < READYZ_P99_GOAL_MS,
                        note));
    }

    /** The samples of one configuration's memory runs. */
    private static final class MemoryRun {
        final List<Double> start = new ArrayList<>();
        final List<Double> after10k = new ArrayList<>();
        final List<Double> anonAfter10k = new ArrayList<>();
        final List<Double> growth = new ArrayList<>();
        final List<Double> metricsP99 = new ArrayList<>();
        final List<Double> readyzP99 = new ArrayList<>();
    }

    private void memoryOnce(JvmConfig c, int run, MemoryRun out) {
        String pod = "footprint-" + c.key() + "-" + run;
        Map<String, String> env = ctx.podLikeEnv(pod);
        Path dir = ctx.dir("footprint/memory-" + c.key() + "-" + run);
        int port = Procs.freePort();
        Process p = ctx.procs.start(c.agent(operator(c)), ctx.agentEnv(dir, port, env), dir.resolve("agent.log"));
        try {
            if (!Procs.waitUntil(() -> Procs.http200(port, "/readyz"), Duration.ofSeconds(60), 20)) {
                log.line("  footprint memory " + c.key() + " run " + (run + 1) + ": agent not ready, skipped");
                return;
            }
            Procs.sleep(1000);
            double start = Procs.rssMiB(p.pid());
            Load.run(port, List.of("/healthz", "/readyz"), MemoryAndLoadBench.PROBE_REQUESTS,
                    MemoryAndLoadBench.CONCURRENCY);
            double after10k = Procs.rssMiB(p.pid());
            double anonAfter10k = Procs.statusMiB(p.pid(), "RssAnon");
            Load.run(port, List.of("/healthz", "/readyz"), LONG_PROBES - MemoryAndLoadBench.PROBE_REQUESTS,
                    MemoryAndLoadBench.CONCURRENCY);
            double after100k = Procs.rssMiB(p.pid());
            Load.Result metrics = Load.run(port, List.of("/metrics"), MemoryAndLoadBench.PROBE_REQUESTS,
                    MemoryAndLoadBench.CONCURRENCY);
            Load.Result readyz = Load.run(port, List.of("/readyz"), MemoryAndLoadBench.PROBE_REQUESTS,
                    MemoryAndLoadBench.CONCURRENCY);
            out.start.add(start);
            out.after10k.add(after10k);
            out.anonAfter10k.add(anonAfter10k);
            out.growth.add(after100k - start);
            out.metricsP99.add(metrics.p99ms());
            out.readyzP99.add(readyz.p99ms());
            log.line(String.format("  footprint memory %s run %d: %.1f MiB -> %.1f (RssAnon %.1f) after 10k -> %.1f"
                            + " after 100k probes; /metrics p99 %.2f ms (%d errors), /readyz p99 %.2f ms (%d errors)",
                    c.key(), run + 1, start, after10k, anonAfter10k, after100k, metrics.p99ms(), metrics.errors(),
                    readyz.p99ms(), readyz.errors()));
        } finally {
            Procs.stop(p, Duration.ofSeconds(10));
        }
    }

    private static double last(List<Double> values) {
        return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
    }

    /** Per-run start-up samples: child start, /healthz 200, /readyz 200. */
    private static final class StartupTimes {
        static List<List<Double>> lists() {
            return List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        static void add(List<List<Double>> lists, double[] run) {
            for (int i = 0; i < run.length; i++) {
                lists.get(i).add(run[i]);
            }
        }

        static double until200(int port, String path, long start) {
            return Procs.waitUntil(() -> Procs.http200(port, path), Duration.ofSeconds(60), 5)
                    ? Procs.millisSince(start) : Double.NaN;
        }
    }
}

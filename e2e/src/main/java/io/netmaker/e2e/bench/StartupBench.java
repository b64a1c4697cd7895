package io.netmaker.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 3: from the instant before {@code ProcessBuilder.start()} of the agent to the child's start (the child is
 * {@code sh -c 'date +%s%N > file; exec java ... operator.jar'}), to the first 200 on the agent's {@code /healthz},
 * and to the first 200 on its {@code /readyz} (which needs the operator's own readiness). Baseline: the operator
 * started directly, to its first 200 on {@code /healthz} and {@code /readyz}. Agent and baseline runs alternate.
 */
final class StartupBench {
    /** JVM options of the agent and of the operator for one row set. */
    record Variant(String key, String label, List<String> agentJvm, List<String> operatorJvm) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CHILD_GOAL_MS = "200";

    private final BenchContext ctx;
    private final FailoverBench.Log log;

    StartupBench(BenchContext ctx, FailoverBench.Log log) {
        this.ctx = ctx;
        this.log = log;
    }

    List<Figure> run(List<Variant> variants, int runs) {
        List<Figure> figures = new ArrayList<>();
        for (Variant v : variants) {
            List<Double> toChild = new ArrayList<>();
            List<Double> toHealthz = new ArrayList<>();
            List<Double> toReadyz = new ArrayList<>();
            List<Double> opHealthz = new ArrayList<>();
            List<Double> opReadyz = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                double[] a = agentOnce(v, i);
                double[] o = operatorOnce(v, i);
                toChild.add(a[0]);
                toHealthz.add(a[1]);
                toReadyz.add(a[2]);
                opHealthz.add(o[0]);
                opReadyz.add(o[1]);
                log.line(String.format("  start-up %s run %d/%d: child %.0f ms, agent /healthz %.0f ms, /readyz %.0f ms;"
                        + " operator alone /healthz %.0f ms, /readyz %.0f ms", v.key(), i + 1, runs, a[0], a[1], a[2],
                        o[0], o[1]));
            }
            Stats child = Stats.of(toChild);
            String note = "JVM options: " + v.label();
            figures.add(Figure.goal("startup.child." + v.key(), "Start-up: agent start to child start (" + v.key() + ")",
                    "ms", child, "operator started directly: its process starts at once (0 ms)", null,
                    "< " + CHILD_GOAL_MS + " ms added", child.median() < Double.parseDouble(CHILD_GOAL_MS), note));
            figures.add(Figure.info("startup.healthz." + v.key(), "Start-up: to first 200 on /healthz (" + v.key() + ")",
                    "ms", Stats.of(toHealthz), "operator alone, its /healthz", Stats.of(opHealthz), note));
            figures.add(Figure.info("startup.readyz." + v.key(),
                    "Start-up: to first 200 on /readyz, operator ready (" + v.key() + ")", "ms", Stats.of(toReadyz),
                    "operator alone, its /readyz", Stats.of(opReadyz), note));
        }
        return figures;
    }

    /** {child start, /healthz 200, /readyz 200} in ms after the agent's start; NaN where it never happened. */
    private double[] agentOnce(Variant v, int run) {
        Path dir = ctx.dir("startup/agent-" + v.key() + "-" + run);
        Path marker = dir.resolve("child-started-ns");
        List<String> child = new ArrayList<>(List.of("sh", "-c", "date +%s%N > \"$0\"; exec \"$@\"", marker.toString()));
        child.addAll(ctx.operator(v.operatorJvm(), ctx.api().kubeconfig()));
        int port = Procs.freePort();
        List<String> cmd = ctx.agent(v.agentJvm(), child);
        Map<String, String> env = ctx.agentEnv(dir, port, Map.of());
        Instant wallStart = Instant.now();
        long start = System.nanoTime();
        Process p = ctx.procs.start(cmd, env, dir.resolve("agent.log"));
        try {
            double healthz = millisUntil200(port, "/healthz", start);
            double readyz = millisUntil200(port, "/readyz", start);
            double childStart = Double.NaN;
            if (Procs.waitUntil(() -> fileHasLine(marker), Duration.ofSeconds(5), 20)) {
                long childNs = Long.parseLong(Files.readString(marker).trim());
                long startNs = wallStart.getEpochSecond() * 1_000_000_000L + wallStart.getNano();
                childStart = (childNs - startNs) / 1e6;
            }
            return new double[] {childStart, healthz, readyz};
        } catch (IOException | NumberFormatException e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        } finally {
            Procs.stop(p, Duration.ofSeconds(10));
        }
    }

    /** {/healthz 200, /readyz 200} in ms after the operator's start. */
    private double[] operatorOnce(Variant v, int run) {
        Path dir = ctx.dir("startup/operator-" + v.key() + "-" + run);
        int port = Procs.freePort();
        List<String> cmd = ctx.operator(v.operatorJvm(), ctx.api().kubeconfig(), "--leader-elect=false",
                "--health-probe-bind-address", "127.0.0.1:" + port, "--metrics-bind-address", "0");
        Map<String, String> env = BenchContext.operatorEnv(Map.of());
        long start = System.nanoTime();
        Process p = ctx.procs.start(cmd, env, dir.resolve("operator.log"));
        try {
            double healthz = millisUntil200(port, "/healthz", start);
            double readyz = millisUntil200(port, "/readyz", start);
            return new double[] {healthz, readyz};
        } finally {
            Procs.stop(p, Duration.ofSeconds(10));
        }
    }

    private static boolean fileHasLine(Path file) {
        try {
            return Files.isRegularFile(file) && Files.readString(file).endsWith("\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** Milliseconds from {@code start} (a {@link System#nanoTime()}) until {@code path} answers 200; NaN on timeout. */
    private static double millisUntil200(int port, String path, long start) {
        return Procs.waitUntil(() -> Procs.http200(port, path), TIMEOUT, 5) ? Procs.millisSince(start) : Double.NaN;
    }
}

package io.netmaker.e2e.bench;

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
 * Exit latency beside tini (the reference), with the same child ({@code sh -c 'exec sleep 300'}: {@code sleep}
 * stops at once, and {@code sh} takes the operator flags the agent appends as ignored positional arguments):
 * {@code kill -9} of the child to the supervisor's exit, and SIGTERM to the supervisor to its exit, election off;
 * and SIGTERM with election on as in a pod (the Kubernetes client, the Lease and Pod watches live on the mock API
 * server). The agent runs on the image's runtime (JDK 25, its options and AOT cache; the image's options on this
 * harness's JDK when there is no JDK 25) and has served for a second first.
 */
final class ExitLatencyBench {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BenchContext ctx;
    private final FailoverBench.Log log;

    ExitLatencyBench(BenchContext ctx, FailoverBench.Log log) {
        this.ctx = ctx;
        this.log = log;
    }

    List<Figure> run(StartupBench.Variant fallback, int runs) {
        JvmConfig jvm = ctx.shipped(log).orElseGet(() -> new JvmConfig(fallback.key(), fallback.label(), ctx.java,
                fallback.agentJvm(), fallback.operatorJvm(), ctx.agentJar, ctx.operatorJar));
        Optional<Path> tini = onPath("tini");
        if (tini.isEmpty()) {
            String why = "tini not on PATH (Debian package tini)";
            return List.of(
                    Figure.notMeasured("exit.child", "Exit: child exit to supervisor exit", "ms", "< 50 ms", why),
                    Figure.notMeasured("exit.sigterm", "Exit: SIGTERM to supervisor exit", "ms",
                            "< child's stop + 100 ms", why),
                    Figure.notMeasured("exit.sigterm.election", "Exit: SIGTERM to supervisor exit, election on", "ms",
                            "< child's stop + 100 ms", why));
        }
        // sh execs sleep: the flags the agent adds for the operator dialect land in sh's $0.. and are ignored
        List<String> child = List.of("sh", "-c", "exec sleep 300", "sh");
        List<Double> agentChild = new ArrayList<>();
        List<Double> tiniChild = new ArrayList<>();
        List<Double> agentTerm = new ArrayList<>();
        List<Double> tiniTerm = new ArrayList<>();
        List<Double> electionTerm = new ArrayList<>();
        Map<String, String> off = Map.of();
        for (int i = 0; i < runs; i++) {
            agentChild.add(measure("agent-child-" + i, jvm.agent(child), true, off));
            tiniChild.add(measure("tini-child-" + i, tini(tini.get(), child), true, null));
            agentTerm.add(measure("agent-term-" + i, jvm.agent(child), false, off));
            tiniTerm.add(measure("tini-term-" + i, tini(tini.get(), child), false, null));
            electionTerm.add(measure("agent-election-" + i, jvm.agent(child), false,
                    ctx.podLikeEnv("exit-bench-" + i)));
            log.line(String.format("  exit run %d/%d: child exit -> exit agent %.1f ms, tini %.1f ms;"
                    + " SIGTERM -> exit agent %.1f ms, tini %.1f ms, agent with election on %.1f ms", i + 1, runs,
                    agentChild.get(i), tiniChild.get(i), agentTerm.get(i), tiniTerm.get(i), electionTerm.get(i)));
        }
        Stats agentC = Stats.of(agentChild);
        Stats agentT = Stats.of(agentTerm);
        Stats tiniT = Stats.of(tiniTerm);
        Stats electionT = Stats.of(electionTerm);
        String note = "child: sh -c 'exec sleep 300' (stops at once on SIGTERM); agent: AGENT_RESTART_POLICY=never,"
                + " election off, " + jvm.label() + "; tini -s";
        return List.of(
                Figure.goal("exit.child", "Exit: child exit (kill -9) to supervisor exit", "ms", agentC,
                        "tini, same child", Stats.of(tiniChild), "< 50 ms", agentC.median() < 50, note),
                Figure.goal("exit.sigterm", "Exit: SIGTERM to supervisor exit", "ms", agentT, "tini, same child",
                        tiniT, "< child's stop (tini's figure) + 100 ms", agentT.median() < tiniT.median() + 100,
                        note),
                Figure.goal("exit.sigterm.election", "Exit: SIGTERM to supervisor exit, election on", "ms", electionT,
                        "tini, same child", tiniT, "< child's stop (tini's figure) + 100 ms",
                        electionT.median() < tiniT.median() + 100, note.replace("election off", "election on as in a"
                                + " pod (POD_NAME, the API from the environment; no Lease held, nothing to release)")));
    }

    private List<String> tini(Path tini, List<String> child) {
        List<String> cmd = new ArrayList<>(List.of(tini.toString(), "-s", "--"));
        cmd.addAll(child);
        return cmd;
    }

    /** Milliseconds from the kill of the child (or SIGTERM to the supervisor) to the supervisor's exit; NaN on timeout. */
    /** @param agentEnv the agent's extra environment, null for tini */
    private double measure(String name, List<String> command, boolean killChild, Map<String, String> agentEnv) {
        Path dir = ctx.work.resolve("exit/" + name);
        boolean agent = agentEnv != null;
        Map<String, String> extra = new HashMap<>(agent ? agentEnv : Map.of());
        extra.put("AGENT_RESTART_POLICY", "never");
        extra.putIfAbsent("AGENT_SIDECAR_WAIT", "false");
        Map<String, String> env = agent ? ctx.agentEnv(dir, Procs.freePort(), extra) : Map.of();
        Process p = ctx.procs.start(command, env, dir.resolve("out.log"));
        Optional<ProcessHandle> sleeper = Optional.empty();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (sleeper.isEmpty() && System.nanoTime() < deadline) {
            sleeper = p.descendants().filter(h -> h.info().command().map(c -> c.endsWith("sleep")).orElse(false))
                    .findFirst();
            Procs.sleep(20);
        }
        if (sleeper.isEmpty()) {
            Procs.stop(p, Duration.ofSeconds(5));
            return Double.NaN;
        }
        if (agent) {
            Procs.waitUntil(() -> Files.exists(dir.resolve("state/ports.json")), TIMEOUT, 20); // serving
        }
        Procs.sleep(1000);
        long start = System.nanoTime();
        if (killChild) {
            sleeper.get().destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            boolean exited = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            double ms = Procs.millisSince(start);
            if (!exited) {
                Procs.stop(p, Duration.ofSeconds(5));
                return Double.NaN;
            }
            return ms;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

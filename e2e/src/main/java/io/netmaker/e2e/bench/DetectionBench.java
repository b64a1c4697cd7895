package io.netmaker.e2e.bench;

import io.netmaker.e2e.sandbox.PodKubelet;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Figure 6. Child exit: {@code kill -9} of the operator child until {@code /status} shows a new running child, and
 * until {@code /readyz} is 200 again. Sidecar interface loss: a bench-made interface {@code nmbench0}
 * ({@code AGENT_SIDECAR_INTERFACE}) is set down; time until {@code /readyz} stops answering 200.
 */
final class DetectionBench {
    static final String INTERFACE = "nmbench0";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BenchContext ctx;
    private final FailoverBench.Log log;

    DetectionBench(BenchContext ctx, FailoverBench.Log log) {
        this.ctx = ctx;
        this.log = log;
    }

    List<Figure> childExit(StartupBench.Variant v, int runs) {
        List<Double> toRestart = new ArrayList<>();
        List<Double> toReady = new ArrayList<>();
        try (SingleAgent a = SingleAgent.start(ctx, "detect/child-" + v.key(), v.agentJvm(),
                ctx.operator(v.operatorJvm(), ctx.api().kubeconfig()), Map.of())) {
            for (int i = 0; i < runs; i++) {
                if (!a.awaitReady(Duration.ofSeconds(60))) {
                    log.line("  child restart: agent not ready, stopping");
                    break;
                }
                Procs.sleep(500);
                long old = a.childPid().orElse(-1);
                long start = System.nanoTime();
                Procs.kill9(old);
                boolean restarted = Procs.waitUntil(() -> {
                    OptionalLong pid = a.childPid();
                    return pid.isPresent() && pid.getAsLong() != old && ProcessHandle.of(pid.getAsLong()).isPresent();
                }, TIMEOUT, 10);
                double restart = restarted ? Procs.millisSince(start) : Double.NaN;
                double ready = restarted && a.awaitReady(TIMEOUT) ? Procs.millisSince(start) : Double.NaN;
                toRestart.add(restart);
                toReady.add(ready);
                log.line(String.format("  child exit run %d/%d: new child after %.0f ms, /readyz 200 after %.0f ms",
                        i + 1, runs, restart, ready));
            }
        }
        String note = "kill -9 of the child; agent defaults (on-failure, first back-off 1s); JVM options: " + v.label();
        String base = "kubelet container restart: CrashLoopBackOff from 10 s (not measured, no kubelet here)";
        return List.of(
                Figure.info("detect.child.restart", "Detection: child exit to new child", "ms", Stats.of(toRestart),
                        base, null, note),
                Figure.info("detect.child.ready", "Detection: child exit to /readyz 200 again", "ms", Stats.of(toReady),
                        base, null, note));
    }

    List<Figure> sidecarLoss(StartupBench.Variant v, int runs) {
        String id = "detect.sidecar.readyz";
        String title = "Detection: sidecar interface down to /readyz failing";
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of(Figure.notMeasured(id, title, "ms", "", "needs root to create interface " + INTERFACE));
        }
        String kind = createInterface();
        if (kind == null) {
            return List.of(Figure.notMeasured(id, title, "ms", "", "cannot create interface " + INTERFACE));
        }
        List<Double> toFail = new ArrayList<>();
        List<Double> toRecover = new ArrayList<>();
        String pod = "bench-sidecar";
        new PodKubelet(ctx.api().client(), BenchContext.NAMESPACE).createRunning(pod, "127.0.0.1");
        Map<String, String> env = Map.of("AGENT_SIDECAR_INTERFACE", INTERFACE, "POD_NAME", pod,
                "POD_NAMESPACE", BenchContext.NAMESPACE);
        try (SingleAgent a = SingleAgent.start(ctx, "detect/sidecar", v.agentJvm(),
                ctx.operator(v.operatorJvm(), ctx.api().kubeconfig()), env)) {
            if (!a.awaitReady(Duration.ofSeconds(60))) {
                return List.of(Figure.notMeasured(id, title, "ms", "", "agent with " + INTERFACE + " never ready"));
            }
            boolean watches = a.status().map(s -> s.json().has("sidecar")).orElse(false);
            if (!watches) {
                return List.of(Figure.notMeasured(id, title, "ms", "",
                        "this agent build has no sidecar watch (no 'sidecar' section in /status)"));
            }
            for (int i = 0; i < runs; i++) {
                Procs.sleep(500);
                long start = System.nanoTime();
                ip("link", "set", INTERFACE, "down");
                double fail = Procs.waitUntil(() -> !Procs.http200(a.healthPort, "/readyz"), Duration.ofSeconds(10), 5)
                        ? Procs.millisSince(start) : Double.NaN;
                long up = System.nanoTime();
                ip("link", "set", INTERFACE, "up");
                double recover = a.awaitReady(TIMEOUT) ? Procs.millisSince(up) : Double.NaN;
                toFail.add(fail);
                toRecover.add(recover);
                log.line(String.format("  sidecar interface run %d/%d: /readyz failing after %.0f ms, ready again %.0f ms"
                        + " after link up", i + 1, runs, fail, recover));
            }
        } finally {
            ip("link", "del", INTERFACE);
        }
        String note = kind + " interface " + INTERFACE + " with 10.255.0.1/32, 'ip link set down'; /readyz polled every"
                + " 5 ms; JVM options: " + v.label();
        return List.of(
                Figure.info(id, title, "ms", Stats.of(toFail), "", null, note),
                Figure.info("detect.sidecar.recover", "Detection: sidecar interface up to /readyz 200", "ms",
                        Stats.of(toRecover), "", null, note));
    }

    /** A dummy interface if the kernel has the module, else one end of a veth pair; null when neither works. */
    private static String createInterface() {
        ip("link", "del", INTERFACE);
        String kind = ip("link", "add", INTERFACE, "type", "dummy") ? "dummy"
                : ip("link", "add", INTERFACE, "type", "veth", "peer", "name", INTERFACE + "p") ? "veth" : null;
        if (kind == null) {
            return null;
        }
        // a veth end only runs (IFF_RUNNING) while its peer is up
        if (kind.equals("veth") && !ip("link", "set", INTERFACE + "p", "up")) {
            ip("link", "del", INTERFACE);
            return null;
        }
        if (!ip("addr", "add", "10.255.0.1/32", "dev", INTERFACE) || !ip("link", "set", INTERFACE, "up")) {
            ip("link", "del", INTERFACE);
            return null;
        }
        return kind;
    }

    private static boolean ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

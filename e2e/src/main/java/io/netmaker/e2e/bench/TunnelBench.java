package io.netmaker.e2e.bench;

import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.SandboxOptions;
import io.netmaker.testing.WireGuardPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tunnel health (issue 20) with real tunnels (userspace wireguard-go to a peer in a bench-made network namespace):
 * a cut to {@code /readyz} failing, a leader's cut to the Lease held by a replica with a live tunnel
 * ({@code step-down}), the check's CPU per minute, and (full runs) a 10-minute soak of a live idle tunnel with
 * Netmaker's 20 s keepalive and the default 75 s silence, which must never read silent. Needs root, iproute2,
 * wireguard-go and wireguard-tools; otherwise the rows say so.
 */
final class TunnelBench {
    private static final String SILENCE = "5s";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final BenchContext ctx;
    private final FailoverBench.Log log;

    TunnelBench(BenchContext ctx, FailoverBench.Log log) {
        this.ctx = ctx;
        this.log = log;
    }

    List<Figure> run(StartupBench.Variant v, int runs, boolean soak) {
        Optional<String> missing = WireGuardPair.missingTools();
        if (missing.isPresent()) {
            return List.of(
                    Figure.notMeasured("tunnel.readyz", "Tunnel cut to /readyz failing", "ms", "", missing.get()),
                    Figure.notMeasured("tunnel.stepdown", "Tunnel cut to Lease on a live-tunnel replica", "ms", "",
                            missing.get()),
                    Figure.notMeasured("tunnel.cpu", "Tunnel check CPU per minute", "ms", "", missing.get()));
        }
        List<Figure> figures = new ArrayList<>(single(v, runs));
        figures.add(stepDown(runs));
        if (soak) {
            figures.add(soak(v, Duration.ofMinutes(10)));
        }
        return figures;
    }

    private static String tunnelState(Optional<AgentStatus> status) {
        return status.flatMap(AgentStatus::tunnelState).orElse("");
    }

    /** Cut to /readyz failing, and the CPU the reads took, on one agent (election off, no pod). */
    private List<Figure> single(StartupBench.Variant v, int runs) {
        List<Double> toFail = new ArrayList<>();
        double cpuPerMinute = Double.NaN;
        try (WireGuardPair pair = WireGuardPair.create(WireGuardPair.randomTag(), 1);
             SingleAgent a = SingleAgent.start(ctx, "tunnel/single", v.agentJvm(),
                     ctx.operator(v.operatorJvm(), ctx.api().kubeconfig()),
                     Map.of("AGENT_SIDECAR_INTERFACE", pair.iface, "AGENT_TUNNEL_CHECK", "true",
                             "AGENT_SIDECAR_LOSS_POLICY", "unready", "AGENT_TUNNEL_SILENCE", SILENCE))) {
            if (!a.awaitReady(TIMEOUT) || !Procs.waitUntil(() -> "live".equals(tunnelState(a.status())), TIMEOUT, 50)) {
                log.line("  tunnel: agent never ready with a live tunnel");
            } else {
                cpuPerMinute = cpuPerMinute(a, Duration.ofSeconds(30));
                for (int i = 0; i < runs; i++) {
                    long start = System.nanoTime();
                    pair.cut();
                    double fail = Procs.waitUntil(() -> !Procs.http200(a.healthPort, "/readyz"), TIMEOUT, 5)
                            ? Procs.millisSince(start) : Double.NaN;
                    toFail.add(fail);
                    pair.restore();
                    boolean back = a.awaitReady(TIMEOUT);
                    log.line(String.format("  tunnel cut run %d/%d: /readyz failing after %.0f ms; ready again: %s",
                            i + 1, runs, fail, back));
                }
            }
        }
        String note = "wireguard-go, 1s keepalive, AGENT_TUNNEL_SILENCE=" + SILENCE + ", AGENT_TUNNEL_CHECK=true,"
                + " unready; cut = the underlay veth down; /readyz polled every 5 ms; JVM options: " + v.label();
        return List.of(
                Figure.info("tunnel.readyz", "Tunnel cut to /readyz failing", "ms", Stats.of(toFail),
                        "", null, note + "; expected: silence minus up to one keepalive, plus up to one 1 s read"),
                Figure.info("tunnel.cpu", "Tunnel check CPU per minute", "ms", Stats.of(List.of(cpuPerMinute)), "",
                        null, "CPU time of the reads (counters + UAPI get=1) on their thread, 60 reads a minute,"
                                + " from /status readCpuMs over a 30 s window of a warmed agent"));
    }

    /** CPU of the tunnel reads per minute, from two /status samples {@code window} apart (reads every second). */
    private static double cpuPerMinute(SingleAgent a, Duration window) {
        Procs.sleep(5_000); // past the first reads, which load and compile the code
        Optional<AgentStatus> first = a.status();
        Procs.sleep(window.toMillis());
        Optional<AgentStatus> second = a.status();
        if (first.isEmpty() || second.isEmpty()) {
            return Double.NaN;
        }
        double cpu = second.get().json().path("tunnel").path("readCpuMs").asDouble()
                - first.get().json().path("tunnel").path("readCpuMs").asDouble();
        long reads = second.get().json().path("tunnel").path("reads").asLong()
                - first.get().json().path("tunnel").path("reads").asLong();
        return reads <= 0 ? Double.NaN : cpu / reads * 60;
    }

    /** Three replicas, each with its own tunnel; the leader's is cut: time until a live-tunnel replica holds the Lease. */
    private Figure stepDown(int runs) {
        String id = "tunnel.stepdown";
        String title = "Tunnel cut to Lease on a live-tunnel replica";
        String base = WireGuardPair.randomTag().substring(0, 8);
        List<WireGuardPair> pairs = new ArrayList<>();
        List<Double> toMove = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                pairs.add(WireGuardPair.create(base + i, 1));
            }
            try (AgentCluster c = new AgentCluster(ctx, "tunnel/stepdown", 3, "4s", "3s", "500ms", Map.of(
                    "AGENT_SIDECAR_INTERFACE", base + SandboxOptions.INDEX + "w", "AGENT_TUNNEL_CHECK", "true",
                    "AGENT_SIDECAR_LOSS_POLICY", "step-down", "AGENT_TUNNEL_SILENCE", SILENCE,
                    "AGENT_STANDBY_HOLD", "750ms"))) {
                for (int i = 0; i < runs; i++) {
                    boolean settled = Procs.waitUntil(() -> c.holder().isPresent() && c.identities().stream()
                            .allMatch(p -> "live".equals(tunnelState(c.status(p)))), Duration.ofSeconds(180), 100);
                    if (!settled) {
                        log.line("  tunnel step-down: no leader with every tunnel live, stopping");
                        break;
                    }
                    String leader = c.holder().orElseThrow();
                    WireGuardPair cut = pairs.get(c.identities().indexOf(leader));
                    long start = System.nanoTime();
                    cut.cut();
                    boolean moved = Procs.waitUntil(() -> c.holder().filter(h -> !h.equals(leader))
                            .filter(h -> "live".equals(tunnelState(c.status(h)))).isPresent(), TIMEOUT, 10);
                    double ms = moved ? Procs.millisSince(start) : Double.NaN;
                    toMove.add(ms);
                    log.line(String.format("  tunnel step-down run %d/%d: %s cut, Lease on %s after %.0f ms", i + 1,
                            runs, leader, c.holder().orElse("nobody"), ms));
                    cut.restore();
                }
            }
        } catch (RuntimeException e) {
            return Figure.notMeasured(id, title, "ms", "", "set-up failed: " + e.getMessage());
        } finally {
            pairs.forEach(WireGuardPair::close);
        }
        return Figure.info(id, title, "ms", Stats.of(toMove), "", null, "3 replicas (agent + Java operator, retry"
                + " 500ms), a tunnel each, AGENT_TUNNEL_CHECK=true, step-down, AGENT_TUNNEL_SILENCE=" + SILENCE
                + ", AGENT_STANDBY_HOLD=750ms; until the Lease names another replica whose /status reads its tunnel"
                + " live; polled every 10 ms");
    }

    /** A live idle tunnel with 20 s keepalives and the default silence, sampled every second: never silent. */
    private Figure soak(StartupBench.Variant v, Duration length) {
        int samples = 0;
        int silent = 0;
        int unknown = 0;
        try (WireGuardPair pair = WireGuardPair.create(WireGuardPair.randomTag(), 20);
             SingleAgent a = SingleAgent.start(ctx, "tunnel/soak", v.agentJvm(),
                     ctx.operator(v.operatorJvm(), ctx.api().kubeconfig()),
                     Map.of("AGENT_SIDECAR_INTERFACE", pair.iface))) {
            Procs.waitUntil(() -> "live".equals(tunnelState(a.status())), Duration.ofSeconds(120), 200);
            long end = System.nanoTime() + length.toNanos();
            while (System.nanoTime() - end < 0) {
                String state = tunnelState(a.status());
                samples++;
                silent += "silent".equals(state) ? 1 : 0;
                unknown += "live".equals(state) || "silent".equals(state) ? 0 : 1;
                Procs.sleep(1000);
            }
        }
        log.line(String.format("  tunnel soak: %d samples, %d silent, %d not live or silent", samples, silent,
                unknown));
        return Figure.goal("tunnel.soak", "Live tunnel read silent (10 min soak)", "samples",
                Stats.of(List.of((double) silent)), "", null, "0", silent == 0 && samples > 0,
                samples + " samples 1 s apart, " + unknown + " neither live nor silent; wireguard-go with 20 s"
                        + " keepalives (Netmaker's default), default AGENT_TUNNEL_SILENCE (75s), report only");
    }
}

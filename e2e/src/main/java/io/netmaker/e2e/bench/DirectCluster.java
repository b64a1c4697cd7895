package io.netmaker.e2e.bench;

import io.netmaker.e2e.sandbox.ApiServer;
import io.netmaker.e2e.sandbox.LeaseView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The baseline: operators started directly (no agent, so no Lease release on a crash), one API server of their own. */
final class DirectCluster implements Cluster {
    private record Member(String identity, int probePort, int metricsPort, Path log) {}

    private final BenchContext ctx;
    private final List<String> jvm;
    private final String[] timings;
    private final ApiServer api;
    private final LeaseView lease;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();

    DirectCluster(BenchContext ctx, String name, int replicas, List<String> jvm, String lease, String renew,
                  String retry) {
        this.ctx = ctx;
        this.jvm = jvm;
        this.timings = new String[] {lease, renew, retry};
        Path dir = ctx.dir(name);
        this.api = ApiServer.start(dir, 0, BenchContext.NAMESPACE);
        this.lease = new LeaseView(api.client(), BenchContext.NAMESPACE, LeaseView.LEASE_NAME);
        for (int i = 0; i < replicas; i++) {
            String id = "bench-" + name + "-" + i;
            members.put(id, new Member(id, Procs.freePort(), Procs.freePort(), dir.resolve(id + ".log")));
            start(id);
        }
    }

    private synchronized void start(String identity) {
        Member m = members.get(identity);
        List<String> cmd = ctx.operator(jvm, api.kubeconfig(),
                "--leader-elect=true",
                "--leader-election-id", LeaseView.LEASE_NAME,
                "--leader-election-namespace", BenchContext.NAMESPACE,
                "--lease-duration", timings[0], "--renew-deadline", timings[1], "--retry-period", timings[2],
                "--health-probe-bind-address", "127.0.0.1:" + m.probePort(),
                "--metrics-bind-address", "127.0.0.1:" + m.metricsPort());
        processes.put(identity, ctx.procs.start(cmd, BenchContext.operatorEnv(
                Map.of("POD_NAME", identity, "POD_NAMESPACE", BenchContext.NAMESPACE)), m.log()));
    }

    @Override
    public Optional<String> holder() {
        return lease.holder();
    }

    @Override
    public boolean leading(String identity) {
        Member m = members.get(identity);
        return m != null && Cluster.leadingOnPort(m.metricsPort());
    }

    @Override
    public boolean operatorUp(String identity) {
        Process p = processes.get(identity);
        return p != null && p.isAlive() && Procs.http200(members.get(identity).metricsPort(), "/metrics");
    }

    @Override
    public List<String> identities() {
        return new ArrayList<>(members.keySet());
    }

    @Override
    public void crashOperator(String identity) {
        Procs.kill9(processes.get(identity).pid());
    }

    @Override
    public void terminate(String identity) {
        processes.get(identity).destroy();
    }

    @Override
    public void recover(String identity) {
        Process p = processes.get(identity);
        Procs.waitUntil(() -> !p.isAlive(), Duration.ofSeconds(15), 20);
        if (p.isAlive()) {
            Procs.kill9(p.pid());
            Procs.waitUntil(() -> !p.isAlive(), Duration.ofSeconds(5), 20);
        }
        start(identity);
    }

    @Override
    public void close() {
        processes.values().forEach(p -> Procs.stop(p, Duration.ofSeconds(5)));
        api.close();
    }
}

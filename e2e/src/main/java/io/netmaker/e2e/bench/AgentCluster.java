package io.netmaker.e2e.bench;

import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.Replica;
import io.netmaker.e2e.sandbox.Sandbox;
import io.netmaker.e2e.sandbox.SandboxOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Agents with their operator children, started by the sandbox library (real processes, the mock or real API server). */
final class AgentCluster implements Cluster {
    private final Sandbox sandbox;
    private final Set<String> terminated = ConcurrentHashMap.newKeySet();

    AgentCluster(BenchContext ctx, String name, int replicas, String lease, String renew, String retry,
                 Map<String, String> agentEnv) {
        this(ctx, name, replicas, lease, renew, retry, agentEnv, BenchContext.ApiChoice.MOCK);
    }

    /** The same on the API server {@code api} names (the mock, or the real one with its namespace). */
    AgentCluster(BenchContext ctx, String name, int replicas, String lease, String renew, String retry,
                 Map<String, String> agentEnv, BenchContext.ApiChoice api) {
        SandboxOptions options = api.options(SandboxOptions.defaults(ctx.repo))
                .withReplicas(replicas)
                .withWorkDir(ctx.dir(name))
                .withLease(lease, renew, retry)
                .withAgentEnv(agentEnv)
                .withStopGrace(Duration.ofSeconds(10));
        this.sandbox = Sandbox.start(options, api.starter());
    }

    private Optional<Replica> replica(String identity) {
        return sandbox.replicas().stream().filter(r -> r != null && r.podName().equals(identity)).findFirst();
    }

    private int metricsPort(String identity) {
        return replica(identity).flatMap(Replica::plannedPorts).map(p -> p.port("child-metrics"))
                .filter(OptionalInt::isPresent).map(OptionalInt::getAsInt).orElse(-1);
    }

    @Override
    public Optional<String> holder() {
        return sandbox.lease().holder();
    }

    @Override
    public boolean leading(String identity) {
        return Cluster.leadingOnPort(metricsPort(identity));
    }

    @Override
    public boolean operatorUp(String identity) {
        int port = metricsPort(identity);
        return replica(identity).map(Replica::alive).orElse(false) && port > 0 && Procs.http200(port, "/metrics");
    }

    @Override
    public List<String> identities() {
        return sandbox.replicas().stream().map(Replica::podName).toList();
    }

    @Override
    public void crashOperator(String identity) {
        Replica r = replica(identity).orElseThrow();
        long pid = r.operatorPid().orElseThrow(() -> new IllegalStateException("no operator under " + r));
        Procs.kill9(pid);
    }

    @Override
    public void terminate(String identity) {
        Replica r = replica(identity).orElseThrow();
        terminated.add(identity);
        ProcessHandle.of(r.agentPid()).ifPresent(ProcessHandle::destroy);
    }

    @Override
    public void recover(String identity) {
        Replica r = replica(identity).orElseThrow();
        if (!terminated.remove(identity)) {
            return; // a crashed child is restarted by its agent
        }
        r.awaitExit(Duration.ofSeconds(15));
        sandbox.stopReplica(r.index(), Duration.ofSeconds(10));
        sandbox.startReplica(r.index());
    }

    /** The agent's {@code /status} of the replica, for diagnostics. */
    Optional<AgentStatus> status(String identity) {
        return replica(identity).flatMap(Replica::status);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}

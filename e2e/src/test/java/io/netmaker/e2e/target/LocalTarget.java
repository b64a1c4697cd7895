package io.netmaker.e2e.target;

import io.netmaker.e2e.sandbox.HttpProbe;
import io.netmaker.e2e.sandbox.KubeApi;
import io.netmaker.e2e.sandbox.PrometheusText;
import io.netmaker.e2e.sandbox.Replica;
import io.netmaker.e2e.sandbox.Sandbox;
import io.netmaker.e2e.sandbox.SandboxOptions;
import io.netmaker.e2e.sandbox.Signals;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The local target: a {@link Sandbox} of real agent and operator processes on loopback. */
public final class LocalTarget implements Target {
    private static final String MASTER_STATUS = "leader_election_master_status";
    private static final String CHILD_METRICS = "child-metrics";
    /** Short, so a stopped (SIGSTOP) operator reads as "unknown" within one 100 ms sampling round or so. */
    private static final Duration OPERATOR_SCRAPE_TIMEOUT = Duration.ofMillis(300);

    private final Sandbox sandbox;

    private LocalTarget(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    public static LocalTarget start(SandboxOptions options) {
        return new LocalTarget(Sandbox.start(options));
    }

    /** The sandbox on the API server {@code api} starts. */
    public static LocalTarget start(SandboxOptions options, KubeApi.Starter api) {
        return new LocalTarget(Sandbox.start(options, api));
    }

    /** Options from the failsafe system properties ({@code repo.root}, {@code agent.jar}, {@code operator.jar}). */
    public static SandboxOptions optionsFromSystemProperties() {
        Path root = Path.of(System.getProperty("repo.root", SandboxOptions.findRepoRoot(Path.of("")).toString()));
        SandboxOptions defaults = SandboxOptions.defaults(root);
        return defaults.withJars(
                Path.of(System.getProperty("agent.jar", defaults.agentJar().toString())),
                Path.of(System.getProperty("operator.jar", defaults.operatorJar().toString())));
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public Replica replica(String pod) {
        return sandbox.replicas().stream().filter(r -> r.podName().equals(pod)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no replica " + pod));
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String apiServer() {
        return sandbox.api().name();
    }

    @Override
    public List<String> replicas() {
        return sandbox.replicas().stream().map(Replica::podName).toList();
    }

    @Override
    public Optional<String> leader() {
        return sandbox.lease().holder();
    }

    @Override
    public HttpProbe.Result http(String replica, String path) {
        return replica(replica).http(path);
    }

    @Override
    public long killOperator(String replica, String signal) {
        long pid = replica(replica).operatorPid()
                .orElseThrow(() -> new IllegalStateException(replica + " has no operator process"));
        if (!Signals.send(pid, signal)) {
            throw new IllegalStateException("kill -s " + signal + " " + pid + " failed");
        }
        return pid;
    }

    @Override
    public AgentStop stopAgent(String replica) {
        Sandbox.StopResult stop = sandbox.stopReplica(replica(replica).index(), Duration.ofSeconds(20));
        return new AgentStop(stop.exitCode(), stop.leftoverPids());
    }

    @Override
    public void setSidecarReady(String replica, boolean ready) {
        sandbox.kubelet().setSidecarReady(replica, ready);
    }

    /** Scrapes the operator's metrics port, which the agent planned as {@code child-metrics} (see ports.json). */
    @Override
    public Optional<Boolean> operatorLeading(String replica) {
        OptionalInt port = replica(replica).plannedPorts().map(p -> p.port(CHILD_METRICS)).orElse(OptionalInt.empty());
        if (port.isEmpty()) {
            return Optional.empty();
        }
        HttpProbe.Result metrics = HttpProbe.get(
                URI.create("http://" + Replica.HOST + ":" + port.getAsInt() + "/metrics"), OPERATOR_SCRAPE_TIMEOUT);
        if (!metrics.ok()) {
            return Optional.empty();
        }
        OptionalDouble master = PrometheusText.parse(metrics.body()).value(MASTER_STATUS);
        return master.isPresent() ? Optional.of(master.getAsDouble() == 1.0) : Optional.empty();
    }

    @Override
    public String diagnostics() {
        StringBuilder out = new StringBuilder();
        out.append("lease holder: ").append(leader().orElse("nobody")).append('\n');
        for (Replica r : sandbox.replicas()) {
            out.append("---- ").append(r).append(" alive=").append(r.alive())
                    .append(" descendants=").append(r.descendants())
                    .append(" listening=").append(r.listeningPorts()).append('\n')
                    .append(r.logTail(40)).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}

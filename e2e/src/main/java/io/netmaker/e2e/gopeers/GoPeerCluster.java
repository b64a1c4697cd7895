package io.netmaker.e2e.gopeers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.ApiServer;
import io.netmaker.e2e.sandbox.HttpProbe;
import io.netmaker.e2e.sandbox.KubeApi;
import io.netmaker.e2e.sandbox.LeaseView;
import io.netmaker.e2e.sandbox.PrometheusText;
import io.netmaker.e2e.sandbox.Replica;
import io.netmaker.e2e.sandbox.Sandbox;
import io.netmaker.e2e.sandbox.SandboxOptions;
import io.netmaker.e2e.sandbox.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Replicas of the Go election peer competing for the Lease {@code 3820d23d.netmaker.io} on one API server:
 * either each behind {@code agent run --} (a {@link Sandbox} with the peer as the child, dialect {@code netmaker-go})
 * or run directly (the baseline: nothing releases the Lease). Behind agents the replicas share the machine's hostname
 * ({@link Hostnames#SHARED}, what {@code hostNetwork: true} gives replicas on one node) or get one each
 * ({@link Hostnames#EACH}: {@code unshare --uts} and {@code hostname $POD_NAME}, needs root).
 */
public final class GoPeerCluster implements AutoCloseable {
    public enum Hostnames { SHARED, EACH }

    /**
     * What a Go peer says it believes ({@code /leader} on its probe port), and the holder its election loop last
     * observed (empty before its first try).
     */
    public record Belief(boolean leading, String identity, String observed) {}

    /** What an agent exports: {@code netmaker_agent_leader} (NaN = unknown), its leader state and releases. */
    public record AgentView(double gauge, String state, double released) {}

    /** The namespace of the directly run peers (behind agents: the sandbox's). */
    public static final String NAMESPACE = "netmaker-gopeers";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SAMPLE_TIMEOUT = Duration.ofMillis(400);
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "TMPDIR", "USER");

    private final Sandbox sandbox; // behind agents
    private final ApiServer directApi; // direct
    private final Path namespaceFile;
    private final Path electionpeer;
    private final List<Direct> direct = new ArrayList<>();

    private record Direct(Path log, int probePort, int metricsPort, Process[] process) {}

    private GoPeerCluster(Sandbox sandbox, ApiServer directApi, Path namespaceFile, Path electionpeer) {
        this.sandbox = sandbox;
        this.directApi = directApi;
        this.namespaceFile = namespaceFile;
        this.electionpeer = electionpeer;
    }

    /** The agent's command line around a Go child, wrapped in {@code unshare --uts} for {@link Hostnames#EACH}. */
    public static List<String> agentCommand(Path agentJar, List<String> jvm, Hostnames hostnames, List<String> child) {
        List<String> cmd = new ArrayList<>();
        if (hostnames == Hostnames.EACH) {
            cmd.addAll(List.of("unshare", "--uts", "sh", "-c", "hostname \"$POD_NAME\" && exec \"$@\"", "sh"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", agentJar.toString(), "run", "--"));
        cmd.addAll(child);
        return cmd;
    }

    /** The environment every agent of a Go child gets on top of the sandbox's (POD_NAME, POD_NAMESPACE, ...). */
    public static Map<String, String> agentEnv(Path namespaceFile, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("AGENT_CHILD_DIALECT", "netmaker-go");
        env.put(GoPeers.NAMESPACE_FILE_ENV, namespaceFile.toString());
        env.putAll(extra);
        return env;
    }

    /** {@code n} agents, each running {@code electionpeer --leader-elect} (upstream's manifest args). */
    public static GoPeerCluster behindAgents(SandboxOptions base, GoPeers peers, int n, Hostnames hostnames,
                                             Map<String, String> extraAgentEnv) {
        return behindAgents(base, peers, n, hostnames, extraAgentEnv, ApiServer::start);
    }

    /** The same on the API server {@code api} starts (the mock or the real one). */
    public static GoPeerCluster behindAgents(SandboxOptions base, GoPeers peers, int n, Hostnames hostnames,
                                             Map<String, String> extraAgentEnv, KubeApi.Starter api) {
        Path work = base.workDir() != null ? base.workDir() : tempDir();
        Path nsFile = writeNamespaceFile(work, base.namespace());
        SandboxOptions options = base.withReplicas(n)
                .withAgentCommand(agentCommand(base.agentJar(), base.jvmOptions(), hostnames,
                        List.of(peers.electionpeer().toString(), "--leader-elect")))
                .withWorkDir(work)
                .withAgentEnv(agentEnv(nsFile, extraAgentEnv));
        return new GoPeerCluster(Sandbox.start(options, api), null, nsFile, peers.electionpeer());
    }

    /** {@code n} election peers run directly, plain HTTP metrics, on loopback ports of their own. */
    public static GoPeerCluster direct(Path work, GoPeers peers, int n) {
        Path nsFile = writeNamespaceFile(work, NAMESPACE);
        GoPeerCluster c = new GoPeerCluster(null, ApiServer.start(work, 0, NAMESPACE), nsFile, peers.electionpeer());
        for (int i = 0; i < n; i++) {
            c.direct.add(new Direct(work.resolve("direct-" + i + ".log"), freePort(), freePort(), new Process[1]));
            c.startDirect(i);
        }
        return c;
    }

    /** The stand-in of the service-account namespace file the Go peers read. */
    private static Path writeNamespaceFile(Path work, String namespace) {
        try {
            Files.createDirectories(work);
            return Files.writeString(work.resolve("serviceaccount-namespace"), namespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("netmaker-gopeers-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startDirect(int i) {
        Direct d = direct.get(i);
        ProcessBuilder pb = new ProcessBuilder(electionpeer.toString(), "--leader-elect",
                "--health-probe-bind-address=127.0.0.1:" + d.probePort(),
                "--metrics-bind-address=127.0.0.1:" + d.metricsPort(), "--metrics-secure=false")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(d.log().toFile()));
        pb.environment().keySet().retainAll(INHERITED_ENV);
        pb.environment().put("KUBECONFIG", directApi.kubeconfig().toString());
        pb.environment().put(GoPeers.NAMESPACE_FILE_ENV, namespaceFile.toString());
        try {
            d.process()[0] = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + electionpeer, e);
        }
    }

    public boolean behindAgents() {
        return sandbox != null;
    }

    public int size() {
        return sandbox != null ? sandbox.size() : direct.size();
    }

    public Optional<Sandbox> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    public LeaseView lease() {
        return sandbox != null ? sandbox.lease()
                : new LeaseView(directApi.client(), NAMESPACE, LeaseView.LEASE_NAME);
    }

    public Optional<String> leaseHolder() {
        return lease().holder();
    }

    /** The Go process of replica {@code i} (the agent's child, or the directly run peer) while it runs. */
    public OptionalLong goPid(int i) {
        if (sandbox != null) {
            return sandbox.replica(i).operatorPid();
        }
        Process p = direct.get(i).process()[0];
        return p != null && p.isAlive() ? OptionalLong.of(p.pid()) : OptionalLong.empty();
    }

    /** The Go peer's probe port: the agent's planned {@code child-probe} port, or the one given directly. */
    public OptionalInt goProbePort(int i) {
        if (sandbox == null) {
            return OptionalInt.of(direct.get(i).probePort());
        }
        return sandbox.replica(i).plannedPorts().map(p -> p.port("child-probe")).orElse(OptionalInt.empty());
    }

    /** The Go peer's metrics port: the agent's planned {@code child-metrics} port, or the one given directly. */
    public OptionalInt goMetricsPort(int i) {
        if (sandbox == null) {
            return OptionalInt.of(direct.get(i).metricsPort());
        }
        return sandbox.replica(i).plannedPorts().map(p -> p.port("child-metrics")).orElse(OptionalInt.empty());
    }

    /** What replica {@code i}'s Go process believes; empty when it does not answer within 400 ms (gone, stopped). */
    public Optional<Belief> belief(int i) {
        OptionalInt port = goProbePort(i);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        HttpProbe.Result r = HttpProbe.get(URI.create("http://127.0.0.1:" + port.getAsInt() + "/leader"), SAMPLE_TIMEOUT);
        if (!r.ok()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            return Optional.of(new Belief(n.path("leading").asBoolean(false), n.path("identity").asText(""),
                    n.path("observed").asText("")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The replica whose Go process believes it leads, if exactly one does. */
    public OptionalInt leader() {
        int found = -1;
        for (int i = 0; i < size(); i++) {
            if (belief(i).map(Belief::leading).orElse(false)) {
                if (found >= 0) {
                    return OptionalInt.empty();
                }
                found = i;
            }
        }
        return found >= 0 ? OptionalInt.of(found) : OptionalInt.empty();
    }

    /** The agent's view (behind agents only): its leader gauge, {@code /status} leader state, releases done. */
    public Optional<AgentView> agent(int i) {
        if (sandbox == null) {
            return Optional.empty();
        }
        Replica r = sandbox.replica(i);
        HttpProbe.Result m = HttpProbe.get(URI.create("http://127.0.0.1:" + r.healthPort() + "/metrics"), SAMPLE_TIMEOUT);
        HttpProbe.Result s = HttpProbe.get(URI.create("http://127.0.0.1:" + r.healthPort() + "/status"), SAMPLE_TIMEOUT);
        if (!m.ok() || !s.ok()) {
            return Optional.empty();
        }
        PrometheusText metrics = PrometheusText.parse(m.body());
        OptionalDouble gauge = metrics.value("netmaker_agent_leader");
        String state = AgentStatus.parse(s.body()).flatMap(AgentStatus::leaderState).orElse("");
        return Optional.of(new AgentView(gauge.orElse(Double.NaN), state,
                metrics.sum("netmaker_agent_lease_releases_total", "outcome", "released")));
    }

    /** What replica {@code i}'s agent last read from its child's leader status (behind agents only). */
    public Optional<String> agentChildReport(int i) {
        return sandbox == null ? Optional.empty() : sandbox.replica(i).status().flatMap(AgentStatus::childReport);
    }

    /** The agent's {@code /status} {@code leader} section as JSON text (diagnostics); empty without an answer. */
    public String agentLeaderSection(int i) {
        if (sandbox == null) {
            return "";
        }
        return sandbox.replica(i).status().map(st -> st.json().path("leader").toString()).orElse("");
    }

    /** {@code kill -9} of replica {@code i}'s Go process; false when none runs. */
    public boolean killGo(int i) {
        return signalGo(i, "KILL");
    }

    public boolean signalGo(int i, String signal) {
        OptionalLong pid = goPid(i);
        return pid.isPresent() && Signals.send(pid.getAsLong(), signal);
    }

    /** SIGTERM to the replica's entry process: the agent, or the Go peer run directly. */
    public void terminate(int i) {
        if (sandbox != null) {
            sandbox.replica(i).signalAgent("TERM");
        } else {
            signalGo(i, "TERM");
        }
    }

    /**
     * Brings replica {@code i} back if nothing else does: a directly run peer that exited, an agent that was
     * terminated. A Go child of a running agent is restarted by the agent itself.
     */
    public void recover(int i, Duration grace) {
        if (sandbox != null) {
            Replica r = sandbox.replica(i);
            if (r.alive() && !r.awaitExit(Duration.ofMillis(200)).isPresent()) {
                return;
            }
            sandbox.stopReplica(i, grace);
            sandbox.startReplica(i);
            return;
        }
        Process p = direct.get(i).process()[0];
        if (p != null && p.isAlive()) {
            return;
        }
        startDirect(i);
    }

    /** Whether replica {@code i} runs a Go process that answers on its probe port. */
    public boolean goUp(int i) {
        return belief(i).isPresent();
    }

    public String logTail(int i, int lines) {
        if (sandbox != null) {
            return sandbox.replica(i).logTail(lines);
        }
        try {
            List<String> all = Files.readAllLines(direct.get(i).log());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
            return;
        }
        for (Direct d : direct) {
            Process p = d.process()[0];
            if (p != null) {
                Signals.killAll(java.util.Set.of(p.pid()), Duration.ofSeconds(5));
            }
        }
        directApi.close();
    }
}

package io.netmaker.e2e.target;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.netmaker.e2e.containers.Engine;
import io.netmaker.e2e.containers.PodContainer;
import io.netmaker.e2e.containers.PodRunner;
import io.netmaker.e2e.containers.PodTemplate;
import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.ApiServer;
import io.netmaker.e2e.sandbox.HttpProbe;
import io.netmaker.e2e.sandbox.LeaseView;
import io.netmaker.e2e.sandbox.PrometheusText;
import io.netmaker.e2e.sandbox.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The container target: replicas of the built image run by the container engine as a kubelet would run the pods of
 * a {@code deploy/} overlay ({@link PodContainer}), against the suite's mock API server. Two layouts:
 * <ul>
 *   <li>{@link Layout#HOST_NETWORK}: every replica on this machine's network and hostname, as
 *       {@code deploy/overlays/host-network} runs them ({@code POD_IP = HOST_IP = 127.0.0.1});</li>
 *   <li>{@link Layout#OWN_NETWORK}: each replica in a network namespace of its own, held by a holder container
 *       that the agent's container and a netclient stand-in ({@code NET_ADMIN} and {@code /dev/net/tun}: it
 *       creates the {@code netmaker} interface with wireguard-go) join, as {@code deploy/overlays/multi} runs them. The namespace reaches the API server through
 *       a veth pair the target creates, with addresses from 198.19.0.0/16: the pod is {@code 198.19.N.2}, this
 *       host's end {@code 198.19.N.1}. Nothing is sent anywhere else.</li>
 * </ul>
 * Every container, veth and the API server are removed by {@link #close()}.
 */
public final class DockerTarget implements Target {
    public enum Layout { HOST_NETWORK, OWN_NETWORK }

    /**
     * What to run.
     *
     * @param kustomization  the directory rendered with {@code kubectl kustomize} (an overlay, or a test one)
     * @param image          the image that replaces {@code netmaker-agent}
     * @param standin        the netclient stand-in's image (own network only)
     * @param deviations     env set beyond the manifests' (named test deviations)
     * @param args           the container's {@code args:}
     */
    public record Options(Path kustomization, int replicas, Layout layout, String image, String standin,
            Map<String, String> deviations, List<String> args) {
        public Options {
            deviations = Map.copyOf(deviations);
            args = List.copyOf(args);
        }
    }

    /** One replica: its Pod name and containers (holder and stand-in only in the own-network layout). */
    private record Replica(int index, String pod, String container, String holder, String standin, String podIp,
            String hostEnd) {}

    public static final String NAMESPACE = "netmaker";
    private static final Duration CLI = Duration.ofSeconds(60);
    private static final Duration SCRAPE_TIMEOUT = Duration.ofMillis(300);
    /** What the netclient stand-in does: a userspace WireGuard interface (wireguard-go), addressed and up. */
    private static final String NETCLIENT_UP = "wireguard-go netmaker && ip addr add %s/32 dev netmaker"
            + " && ip link set netmaker up";

    private final Engine engine;
    private final Options options;
    private final String tag = "nm" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final int subnet = ThreadLocalRandom.current().nextInt(1, 200);
    private final Path work;
    private final ApiServer api;
    private final PodRunner runner;
    private final LeaseView lease;
    private final int grace;
    private final List<Replica> replicas = new ArrayList<>();
    private final Map<String, AgentStatus> ports = new ConcurrentHashMap<>();

    private DockerTarget(Engine engine, Options options) throws IOException {
        this.engine = engine;
        this.options = options;
        this.work = Files.createTempDirectory("docker-target");
        PodTemplate template = PodTemplate.render(options.kustomization());
        this.grace = template.graceSeconds();
        InetAddress bind = options.layout() == Layout.HOST_NETWORK
                ? InetAddress.getLoopbackAddress() : InetAddress.getByName("0.0.0.0");
        this.api = ApiServer.start(work, bind, 0, NAMESPACE);
        this.runner = new PodRunner(engine, template, api, NAMESPACE, work);
        this.lease = new LeaseView(api.client(), NAMESPACE, LeaseView.LEASE_NAME);
    }

    /** Starts the API server and every replica's containers (it does not wait for readiness). */
    public static DockerTarget start(Engine engine, Options options) {
        DockerTarget target;
        try {
            target = new DockerTarget(engine, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (int i = 0; i < options.replicas(); i++) {
                target.startReplica(i);
            }
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    private void startReplica(int index) {
        String pod = "netmaker-operator-6f7c9d8b4-" + tag + index;
        String name = tag + "-r" + index;
        Replica replica;
        if (options.layout() == Layout.HOST_NETWORK) {
            replica = new Replica(index, pod, name, null, null, "127.0.0.1", "127.0.0.1");
        } else {
            int net = subnet + index;
            replica = new Replica(index, pod, name, name + "-holder", name + "-netclient", "198.19." + net + ".2",
                    "198.19." + net + ".1");
            startNetwork(replica);
        }
        String network = replica.holder() == null ? "host" : "container:" + replica.holder();
        PodContainer container = new PodContainer(pod, NAMESPACE, replica.podIp(), replica.hostEnd(), network,
                options.deviations(), options.args());
        runner.run(container, runner.template().agent(), name, options.image(), replica.hostEnd());
        replicas.add(replica);
    }

    /** The holder, a veth pair to this host, and the netclient stand-in that creates {@code netmaker}. */
    private void startNetwork(Replica r) {
        engine.ok(CLI, "run", "-d", "--name", r.holder(), "--network", "none", "--read-only", "--entrypoint", "sleep",
                options.image(), "infinity");
        long pid = Long.parseLong(engine.ok(CLI, "inspect", "-f", "{{.State.Pid}}", r.holder()));
        String host = tag + "h" + r.index();
        String peer = tag + "p" + r.index();
        ip("link", "add", host, "type", "veth", "peer", "name", peer);
        ip("link", "set", peer, "netns", Long.toString(pid));
        ip("addr", "add", r.hostEnd() + "/30", "dev", host);
        ip("link", "set", host, "up");
        nsenter(pid, "ip", "addr", "add", r.podIp() + "/30", "dev", peer);
        nsenter(pid, "ip", "link", "set", peer, "up");
        engine.ok(CLI, "run", "-d", "--name", r.standin(), "--network", "container:" + r.holder(), "--cap-drop", "ALL",
                "--cap-add", "NET_ADMIN", "--device", "/dev/net/tun", "--entrypoint", "sh", options.standin(), "-c",
                NETCLIENT_UP.formatted(tunnelAddress(r)) + " && exec sleep infinity");
    }

    private static String tunnelAddress(Replica r) {
        return r.podIp().replaceFirst("\\.2$", ".3");
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        exec(command);
    }

    private static void nsenter(long pid, String... args) {
        List<String> command = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n"));
        command.addAll(List.of(args));
        exec(command);
    }

    private static void exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Replica replica(String pod) {
        return replicas.stream().filter(r -> r.pod().equals(pod)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no replica " + pod));
    }

    /** The container's name of replica {@code pod}. */
    public String container(String pod) {
        return replica(pod).container();
    }

    public Engine engine() {
        return engine;
    }

    public ApiServer api() {
        return api;
    }

    /** The termination grace of the pod template (what {@code docker stop -t} gets). */
    public int graceSeconds() {
        return grace;
    }

    /** {@code /app/bin/probe <endpoint>} in the replica's container, exactly as the manifests' exec probes run it. */
    public boolean execProbe(String pod, String endpoint) {
        return engine.run(Duration.ofSeconds(10), "exec", container(pod), "/app/bin/probe", endpoint).ok();
    }

    /** The container's main process (tini) as this host sees it; empty when it is not running. */
    public OptionalLong initPid(String pod) {
        Engine.Result r = engine.run(CLI, "inspect", "-f", "{{.State.Pid}}", container(pod));
        long pid = r.ok() ? Long.parseLong(r.out().strip()) : 0;
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /** The agent's {@code ports.json}, read through the container's root as this host sees it. */
    public Optional<AgentStatus> plannedPorts(String pod) {
        AgentStatus cached = ports.get(pod);
        if (cached != null) {
            return Optional.of(cached);
        }
        OptionalLong pid = initPid(pod);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of("/proc", Long.toString(pid.getAsLong()), "root/tmp/agent/ports.json");
        try {
            Optional<AgentStatus> read = Files.isRegularFile(file) ? AgentStatus.parse(Files.readString(file))
                    : Optional.empty();
            read.ifPresent(p -> ports.put(pod, p));
            return read;
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Forgets what was read of the replica's container (after it restarted). */
    public void forget(String pod) {
        ports.remove(pod);
    }

    /** {@code docker logs} of the replica's agent container (stdout and stderr). */
    public String logs(String pod) {
        Engine.Result r = engine.run(CLI, "logs", container(pod));
        return r.out() + r.err();
    }

    /** Deletes the netclient stand-in's {@code netmaker} interface (own network), or creates it again. */
    public void setInterface(String pod, boolean present) {
        Replica r = replica(pod);
        String command = present ? NETCLIENT_UP.formatted(tunnelAddress(r)) : "ip link del netmaker";
        engine.ok(CLI, "exec", r.standin(), "sh", "-c", command);
    }

    @Override
    public String apiServer() {
        return api.name();
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public List<String> replicas() {
        return replicas.stream().map(Replica::pod).toList();
    }

    /**
     * The Pod whose operator holds the Lease. The Java operator's identity is its Pod name; the Go operator's is
     * {@code hostname_uuid} (one hostname for every host-network replica), so that one is found through the agents:
     * the replica whose agent reports its Pod leading that holder. Empty while nobody holds it, or while no agent
     * claims the holder yet.
     */
    @Override
    public Optional<String> leader() {
        Optional<String> holder = lease.holder();
        if (holder.isEmpty() || replicas().contains(holder.get())) {
            return holder;
        }
        return replicas().stream().filter(pod -> {
            HttpProbe.Result status = http(pod, "/status");
            return status.ok() && AgentStatus.parse(status.body())
                    .filter(s -> s.leading() && s.leaderHolder().equals(holder)).isPresent();
        }).findFirst();
    }

    @Override
    public HttpProbe.Result http(String pod, String path) {
        OptionalInt port = plannedPorts(pod).map(p -> p.port("health")).orElse(OptionalInt.empty());
        if (port.isEmpty()) {
            return new HttpProbe.Result(0, "");
        }
        return HttpProbe.get(replica(pod).podIp(), port.getAsInt(), path);
    }

    /** The operator: the agent's child, the agent being the child of the container's tini. */
    public OptionalLong operatorPid(String pod) {
        OptionalLong init = initPid(pod);
        if (init.isEmpty()) {
            return OptionalLong.empty();
        }
        return ProcessHandle.of(init.getAsLong()).stream().flatMap(ProcessHandle::children)
                .flatMap(ProcessHandle::children).mapToLong(ProcessHandle::pid).findFirst();
    }

    @Override
    public long killOperator(String pod, String signal) {
        long pid = operatorPid(pod).orElseThrow(() -> new IllegalStateException(pod + " has no operator process"));
        if (!Signals.send(pid, signal)) {
            throw new IllegalStateException("kill -s " + signal + " " + pid + " failed");
        }
        return pid;
    }

    /** {@code docker stop} with the pod's termination grace: SIGTERM to tini, SIGKILL after the grace. */
    @Override
    public AgentStop stopAgent(String pod) {
        engine.ok(Duration.ofSeconds(grace + 30L), "stop", "-t", Integer.toString(grace), container(pod));
        String code = engine.ok(CLI, "inspect", "-f", "{{.State.ExitCode}}", container(pod));
        forget(pod);
        return new AgentStop(OptionalInt.of(Integer.parseInt(code)), Set.of());
    }

    @Override
    public void setSidecarReady(String pod, boolean ready) {
        runner.kubelet().setSidecarReady(pod, ready);
    }

    /** The operator's own {@code leader_election_master_status} on its loopback metrics port (host network only). */
    @Override
    public Optional<Boolean> operatorLeading(String pod) {
        if (options.layout() != Layout.HOST_NETWORK) {
            return Optional.empty();
        }
        OptionalInt port = plannedPorts(pod).map(p -> p.port("child-metrics")).orElse(OptionalInt.empty());
        if (port.isEmpty()) {
            return Optional.empty();
        }
        HttpProbe.Result metrics = HttpProbe.get(URI.create("http://127.0.0.1:" + port.getAsInt() + "/metrics"),
                SCRAPE_TIMEOUT);
        if (!metrics.ok()) {
            return Optional.empty();
        }
        OptionalDouble master = PrometheusText.parse(metrics.body()).value("leader_election_master_status");
        return master.isPresent() ? Optional.of(master.getAsDouble() == 1.0) : Optional.empty();
    }

    @Override
    public String diagnostics() {
        StringBuilder out = new StringBuilder("lease holder: " + leader().orElse("nobody") + "\n");
        for (Replica r : replicas) {
            Engine.Result state = engine.run(CLI, "inspect", "-f", "{{.State.Status}} exit={{.State.ExitCode}}",
                    r.container());
            Engine.Result logs = engine.run(CLI, "logs", "--tail", "60", r.container());
            out.append("---- ").append(r.pod()).append(" (").append(r.container()).append(") ")
                    .append(state.out().strip()).append('\n').append(logs.out()).append(logs.err()).append('\n');
        }
        return out.toString();
    }

    /** Removes every container and veth this target made, then the API server and the work dir. */
    @Override
    public void close() {
        List<String> containers = new ArrayList<>();
        for (Replica r : replicas) {
            containers.add(r.container());
            if (r.holder() != null) {
                containers.add(r.standin());
                containers.add(r.holder());
            }
        }
        for (int i = 0; i < options.replicas(); i++) { // also those of a replica whose start failed half-way
            for (String suffix : List.of("", "-netclient", "-holder")) {
                String name = tag + "-r" + i + suffix;
                if (!containers.contains(name)) {
                    containers.add(name);
                }
            }
        }
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(containers);
        engine.run(CLI, rm);
        for (int i = 0; i < options.replicas(); i++) {
            try {
                new ProcessBuilder("ip", "link", "del", tag + "h" + i).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                // no such link: nothing to remove
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        api.close();
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir; nothing else to do
        }
    }

    /** Every container name of this target, for a check that nothing is left running. */
    public String tag() {
        return tag;
    }
}

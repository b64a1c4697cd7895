package io.netmaker.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local multi-replica system on loopback: a Kubernetes API (the mock, or the real server of e2e/go), one Pod object per replica with its kubelet-like
 * status, and one real {@code agent run -- operator} process per replica sharing this machine's network (so the
 * agents hash their ports, and conflicts are real). {@link #close()} stops everything and leaves no process behind.
 */
public final class Sandbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "TMPDIR", "JAVA_HOME", "USER");

    /** How a replica's agent ended: its exit code (empty if it had to be killed) and descendants that outlived it. */
    public record StopResult(OptionalInt exitCode, Set<Long> leftoverPids) {}

    private final SandboxOptions options;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final KubeApi api;
    private final PodKubelet kubelet;
    private final LeaseView lease;
    private final String java;
    private final AtomicReferenceArray<Replica> replicas;
    /** Stops the replicas if the JVM exits without close() (a killed test run, Ctrl-C). */
    private final Thread exitHook = new Thread(this::close, "sandbox-exit");
    private volatile boolean closed;

    private Sandbox(SandboxOptions options, Path workDir, boolean ownsWorkDir, KubeApi api, String java) {
        this.options = options;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.api = api;
        this.kubelet = new PodKubelet(api.client(), options.namespace());
        this.lease = new LeaseView(api.client(), options.namespace(), LeaseView.LEASE_NAME);
        this.java = java;
        this.replicas = new AtomicReferenceArray<>(options.replicas());
    }

    /** Starts the mock API server, the Pods and every replica; does not wait for the replicas to be ready. */
    public static Sandbox start(SandboxOptions options) {
        return start(options, ApiServer::start);
    }

    /** Starts the API server {@code apiStarter} makes, the Pods and every replica. */
    public static Sandbox start(SandboxOptions options, KubeApi.Starter apiStarter) {
        boolean ownsWorkDir = options.workDir() == null;
        Path workDir;
        try {
            workDir = ownsWorkDir ? Files.createTempDirectory("netmaker-sandbox-") : Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (options.agentCommand().isEmpty()) {
            requireFile(options.agentJar(), "agent jar");
            requireFile(options.operatorJar(), "operator jar");
        }
        KubeApi api = apiStarter.start(workDir, options.apiPort(), options.namespace());
        Sandbox sandbox = new Sandbox(options, workDir, ownsWorkDir, api, javaCommand());
        Runtime.getRuntime().addShutdownHook(sandbox.exitHook);
        try {
            for (int i = 0; i < options.replicas(); i++) {
                sandbox.kubelet.createRunning(options.podName(i), Replica.HOST);
            }
            for (int i = 0; i < options.replicas(); i++) {
                sandbox.startReplica(i);
            }
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        LOG.info("sandbox started replicas={} api={} workDir={}", options.replicas(), api.url(), workDir);
        return sandbox;
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " not found: " + file + " (build it with ./mvnw -q -o package -DskipTests)");
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** (Re)starts replica {@code index}'s agent; the previous process must have exited. */
    public synchronized Replica startReplica(int index) {
        Replica previous = replicas.get(index);
        if (previous != null && previous.alive()) {
            throw new IllegalStateException(previous + " is still running");
        }
        String pod = options.podName(index);
        Path dir = workDir.resolve(pod);
        Path stateDir = dir.resolve("state");
        Path log = dir.resolve("replica.log");
        try {
            Files.createDirectories(stateDir);
            Files.deleteIfExists(stateDir.resolve("ports.json"));
            ProcessBuilder pb = new ProcessBuilder(options.replicaCommand(java, api.kubeconfig()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().keySet().retainAll(INHERITED_ENV);
            pb.environment().putAll(agentEnv(index, pod, stateDir));
            Replica replica = new Replica(index, pod, stateDir, log, pb.start());
            replicas.set(index, replica);
            LOG.info("replica started index={} pod={} pid={}", index, pod, replica.agentPid());
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start replica " + index, e);
        }
    }

    private Map<String, String> agentEnv(int index, String pod, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("POD_NAME", pod);
        env.put("POD_NAMESPACE", options.namespace());
        env.put("POD_IP", Replica.HOST);
        env.put("HOST_IP", Replica.HOST);
        env.put("KUBECONFIG", api.kubeconfig().toString());
        env.put("AGENT_STATE_DIR", stateDir.toString());
        env.put("AGENT_CHILD_DIALECT", "netmaker-java"); // the child is this repository's operator
        // never the host's /dev/termination-log: each replica writes its own, in its work dir
        env.put("AGENT_TERMINATION_LOG", Replica.terminationLog(stateDir).toString());
        env.put("AGENT_SIDECAR_INTERFACE", "lo");
        env.put("PROXY_BIND_IP", Replica.HOST); // the operator's API proxy (it binds the netmaker interface in a pod)
        options.agentEnv().forEach((k, v) -> env.put(k, v.replace(SandboxOptions.INDEX, String.valueOf(index))));
        return env;
    }

    /**
     * SIGTERMs replica {@code index}'s agent, waits up to {@code grace}, then SIGKILLs whatever of its process tree
     * is left. Reports the exit code and the descendants that were still alive after the agent had exited.
     */
    public StopResult stopReplica(int index, Duration grace) {
        Replica r = replicas.get(index);
        if (r == null) {
            return new StopResult(OptionalInt.empty(), Set.of());
        }
        Set<Long> tree = new LinkedHashSet<>(r.descendants());
        if (r.alive()) {
            r.signalAgent("TERM");
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (r.alive() && System.nanoTime() < deadline) {
            tree.addAll(r.descendants());
            r.awaitExit(Duration.ofMillis(100));
        }
        OptionalInt code = r.exitCode();
        if (code.isEmpty()) {
            tree.addAll(r.descendants());
            LOG.warn("replica did not stop in time, killing index={} pid={}", index, r.agentPid());
            tree.add(r.agentPid());
        }
        Set<Long> leftovers = new LinkedHashSet<>();
        tree.stream().filter(pid -> pid != r.agentPid() && Signals.alive(pid)).forEach(leftovers::add);
        Signals.killAll(tree, Duration.ofSeconds(5));
        return new StopResult(code, leftovers);
    }

    public SandboxOptions options() {
        return options;
    }

    public Path workDir() {
        return workDir;
    }

    public KubeApi api() {
        return api;
    }

    /** The mock API server, for scenarios only it can play (an outage, recorded requests). */
    public ApiServer mockApi() {
        if (api instanceof ApiServer mock) {
            return mock;
        }
        throw new IllegalStateException("the sandbox runs on the " + api.name() + " API server, not the mock");
    }

    public PodKubelet kubelet() {
        return kubelet;
    }

    public LeaseView lease() {
        return lease;
    }

    public int size() {
        return replicas.length();
    }

    public Replica replica(int index) {
        return replicas.get(index);
    }

    public List<Replica> replicas() {
        List<Replica> all = new ArrayList<>();
        for (int i = 0; i < replicas.length(); i++) {
            all.add(replicas.get(i));
        }
        return all;
    }

    /** The replica whose Pod name holds the Lease. */
    public Optional<Replica> leaseHolder() {
        return lease.holder().flatMap(h -> replicas().stream().filter(r -> r.podName().equals(h)).findFirst());
    }

    /** Stops every replica (in parallel, SIGTERM then SIGKILL of the trees), the API server, and removes a temp work dir. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != exitHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException e) {
                // the JVM is already exiting: the hook may not be removed any more
            }
        }
        List<Thread> stops = new ArrayList<>();
        for (int i = 0; i < replicas.length(); i++) {
            if (replicas.get(i) != null) {
                int index = i;
                Thread stop = new Thread(() -> stopReplica(index, options.stopGrace()), "stop-replica-" + i);
                stop.start();
                stops.add(stop);
            }
        }
        for (Thread stop : stops) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        api.close();
        if (ownsWorkDir) {
            deleteTree(workDir);
        }
        LOG.info("sandbox stopped");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot remove work dir path={}", dir);
        }
    }
}

package io.netmaker.e2e.bench;

import io.netmaker.e2e.sandbox.ApiServer;
import io.netmaker.e2e.sandbox.KubeApi;
import io.netmaker.e2e.sandbox.RealApiServer;
import io.netmaker.e2e.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every bench shares: the jars, the JVM option sets, a work dir, one mock API server for the single-process
 * benches, and the process registry. Builds the operator and agent command lines the same way for every bench.
 */
final class BenchContext implements AutoCloseable {
    static final String NAMESPACE = "netmaker-bench";
    /** The deployment's memory limit of the manager container (deploy/base/deployment.yaml). */
    static final String CONTAINER_LIMIT = "-XX:MaxRAM=384m";
    /** The operator's API proxy binds the WireGuard interface's address, which this machine has not: use loopback. */
    static final Map<String, String> PROXY_ON_LOOPBACK = Map.of("PROXY_BIND_IP", "127.0.0.1");

    final Path repo;
    final Path work;
    final String java;
    final Path agentJar;
    final Path operatorJar;
    final Path jvmOptionsFile;
    /** The image's JVM options as its runtime (JDK 25) takes them. */
    final List<String> imageJvm;
    /**
     * The same for this harness's JVM, which runs most rows: an older JDK ignores the options it lacks (the image's
     * exit option, JDK 22+) instead of refusing to start.
     */
    final List<String> imageJvmHere;
    final Procs procs = new Procs();
    private ApiServer api;
    private JvmConfig shipped;

    BenchContext(Path repo, Path work) {
        this.repo = repo;
        this.work = work;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.agentJar = repo.resolve("agent/target/agent.jar");
        this.operatorJar = repo.resolve("operator/target/operator.jar");
        this.jvmOptionsFile = repo.resolve("deploy/image/jvm.options");
        this.imageJvm = readJvmOptions(jvmOptionsFile);
        List<String> here = new ArrayList<>(imageJvm);
        if (Runtime.version().feature() < 25 && !here.isEmpty()) {
            here.add(0, "-XX:+IgnoreUnrecognizedVMOptions");
        }
        this.imageJvmHere = List.copyOf(here);
    }

    /** The image's JVM options file without comments, plus the container memory limit the percentages refer to. */
    static List<String> readJvmOptions(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String> options = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                int hash = line.indexOf('#');
                String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!text.isEmpty()) {
                    options.addAll(Arrays.asList(text.split("\\s+")));
                }
            }
            options.add(CONTAINER_LIMIT);
            return List.copyOf(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which API server a cluster runs on: its starter and the namespace it needs. */
    record ApiChoice(KubeApi.Starter starter, String namespace) {
        static final ApiChoice MOCK = new ApiChoice(ApiServer::start, null);

        SandboxOptions options(SandboxOptions base) {
            return namespace == null ? base : base.withNamespace(namespace);
        }
    }

    /** The real API server of e2e/go with deploy/base's RBAC (namespace netmaker), or why it cannot run here. */
    ApiChoice realApi() {
        Path bin = RealApiServer.binDir(repo);
        RealApiServer.missing(bin).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        return new ApiChoice(RealApiServer.starter(bin, RealApiServer.kustomize(repo.resolve("deploy/base"))), "netmaker");
    }

    /** One shared API server for the benches that need no leader election. */
    synchronized ApiServer api() {
        if (api == null) {
            api = ApiServer.start(dir("api"), 0, NAMESPACE);
        }
        return api;
    }

    /** The image's runtime (JDK 25 and AOT caches, made once per bench run); empty without a JDK 25. */
    synchronized Optional<JvmConfig> shipped(FailoverBench.Log log) {
        if (shipped == null) {
            Optional<String> java25 = Jdk25.java();
            if (java25.isEmpty()) {
                return Optional.empty();
            }
            shipped = JvmConfig.shipped(this, log, java25.get());
        }
        return Optional.of(shipped);
    }

    /**
     * The agent configured as in a pod: its name and namespace, election on, and the API's address from the
     * environment instead of a kubeconfig file (fabric8 parses one with its own mapper, which loads its whole model
     * registry, and the in-cluster configuration has none).
     */
    Map<String, String> podLikeEnv(String pod) {
        return Map.of("POD_NAME", pod, "POD_NAMESPACE", NAMESPACE, "ENABLE_LEADER_ELECTION", "true",
                "AGENT_CHILD_DIALECT", "netmaker-java", "KUBERNETES_MASTER", api().url(),
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    }

    Path dir(String name) {
        try {
            return Files.createDirectories(work.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment of an operator run directly: its API proxy on a free loopback port, plus {@code extra}. */
    static Map<String, String> operatorEnv(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("PROXY_PORT", Integer.toString(Procs.freePort()));
        env.putAll(PROXY_ON_LOOPBACK);
        return env;
    }

    /** {@code java <jvm> -jar operator.jar --kubeconfig <k> <extra>}. */
    List<String> operator(List<String> jvm, Path kubeconfig, String... extra) {
        return onThisJvm(jvm).operator(kubeconfig, extra);
    }

    /** {@code java <jvm> -jar agent.jar run -- <child>}. */
    List<String> agent(List<String> jvm, List<String> child) {
        return onThisJvm(jvm).agent(child);
    }

    /** This harness's JVM with {@code jvm} for both programs and the repository's jars. */
    private JvmConfig onThisJvm(List<String> jvm) {
        return new JvmConfig("here", "this harness's JVM", java, jvm, jvm, agentJar, operatorJar);
    }

    /** An agent outside a pod: fixed ports, election off, state and termination log in {@code dir}. */
    Map<String, String> agentEnv(Path dir, int healthPort, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("HEALTH_PROBE_PORT", Integer.toString(healthPort));
        env.put("PROXY_PORT", Integer.toString(Procs.freePort()));
        env.putAll(PROXY_ON_LOOPBACK);
        env.put("ENABLE_LEADER_ELECTION", "false");
        env.put("AGENT_CHILD_DIALECT", "netmaker-java");
        env.put("AGENT_STATE_DIR", dir.resolve("state").toString());
        env.put("AGENT_TERMINATION_LOG", dir.resolve("termination-log").toString());
        env.put("KUBECONFIG", api().kubeconfig().toString());
        env.putAll(extra);
        return env;
    }

    @Override
    public void close() {
        procs.close();
        if (api != null) {
            api.close();
        }
    }
}

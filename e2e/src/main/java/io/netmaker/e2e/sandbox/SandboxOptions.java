package io.netmaker.e2e.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a sandbox starts. Build with {@link #defaults(Path)} and the {@code with*} methods.
 *
 * @param replicas     number of replicas (Pods and agent processes); default 3
 * @param namespace    namespace of the Pods and the Lease; default {@code netmaker-sandbox}
 * @param runId        part of every Pod name ({@code netmaker-<runId>-<i>}) so concurrent runs hash to other ports;
 *                     default random
 * @param agentJar     the agent's shaded jar
 * @param operatorJar  the operator's shaded jar
 * @param workDir      where the kubeconfig, state dirs and logs go; {@code null} = a new temp dir, removed on close
 * @param leaseDuration operator {@code --lease-duration}; default {@code 4s}
 * @param renewDeadline operator {@code --renew-deadline}; default {@code 3s}
 * @param retryPeriod  operator {@code --retry-period}; default {@code 500ms}
 * @param apiPort      the mock API server's port; default 0 (any free port)
 * @param agentEnv     extra environment for every agent (e.g. {@code AGENT_READINESS_POLICY}); {@value #INDEX} in a
 *                     value becomes the replica's index (a per-replica interface name)
 * @param agentCommand replaces the whole replica command (a stand-in for infrastructure tests); empty = the real agent
 * @param jvmOptions   JVM options for the agents and the operators (small heaps, quick start on 2 cores)
 * @param stopGrace    how long close() waits after SIGTERM before killing process trees; default 10 s
 */
public record SandboxOptions(
        int replicas,
        String namespace,
        String runId,
        Path agentJar,
        Path operatorJar,
        Path workDir,
        String leaseDuration,
        String renewDeadline,
        String retryPeriod,
        int apiPort,
        Map<String, String> agentEnv,
        List<String> agentCommand,
        List<String> jvmOptions,
        Duration stopGrace) {

    /** Replaced by the replica's index in {@link #agentEnv()} values. */
    public static final String INDEX = "{index}";

    public static final List<String> SMALL_JVM = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError");

    public SandboxOptions {
        agentEnv = Map.copyOf(agentEnv);
        agentCommand = List.copyOf(agentCommand);
        jvmOptions = List.copyOf(jvmOptions);
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
        }
    }

    /** Defaults with the jars of the repository at {@code repoRoot} ({@code agent/target/agent.jar}, ...). */
    public static SandboxOptions defaults(Path repoRoot) {
        return new SandboxOptions(3, "netmaker-sandbox", randomRunId(),
                repoRoot.resolve("agent/target/agent.jar"), repoRoot.resolve("operator/target/operator.jar"),
                null, "4s", "3s", "500ms", 0, Map.of(), List.of(), SMALL_JVM, Duration.ofSeconds(10));
    }

    /** Finds the repository root from {@code start} upward: the first directory holding {@code agent/} and {@code e2e/}. */
    public static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("agent")) && Files.isDirectory(dir.resolve("e2e"))) {
                return dir;
            }
        }
        return start.toAbsolutePath().normalize();
    }

    public String podName(int index) {
        return "netmaker-" + runId + "-" + index;
    }

    public SandboxOptions withReplicas(int n) {
        return new SandboxOptions(n, namespace, runId, agentJar, operatorJar, workDir, leaseDuration, renewDeadline,
                retryPeriod, apiPort, agentEnv, agentCommand, jvmOptions, stopGrace);
    }

    public SandboxOptions withRunId(String id) {
        return new SandboxOptions(replicas, namespace, id, agentJar, operatorJar, workDir, leaseDuration, renewDeadline,
                retryPeriod, apiPort, agentEnv, agentCommand, jvmOptions, stopGrace);
    }

    public SandboxOptions withJars(Path agent, Path operator) {
        return new SandboxOptions(replicas, namespace, runId, agent, operator, workDir, leaseDuration, renewDeadline,
                retryPeriod, apiPort, agentEnv, agentCommand, jvmOptions, stopGrace);
    }

    public SandboxOptions withWorkDir(Path dir) {
        return new SandboxOptions(replicas, namespace, runId, agentJar, operatorJar, dir, leaseDuration, renewDeadline,
                retryPeriod, apiPort, agentEnv, agentCommand, jvmOptions, stopGrace);
    }

    public SandboxOptions withNamespace(String ns) {
        return new SandboxOptions(replicas, ns, runId, agentJar, operatorJar, workDir, leaseDuration, renewDeadline,
                retryPeriod, apiPort, agentEnv, agentCommand, jvmOptions, stopGrace);
    }

    public SandboxOptions withLease(String duration, String renew, String retry) {
        return new SandboxOptions(replicas, namespace, runId, agentJar, operatorJar, workDir, duration, renew, retry,
                apiPort, agentEnv, agentCommand, jvmOptions, stopGrace);
    }

    public SandboxOptions withApiPort(int port) {
        return new SandboxOptions(replicas, namespace, runId, agentJar, operatorJar, workDir, leaseDuration, renewDeadline,
                retryPeriod, port, agentEnv, agentCommand, jvmOptions, stopGrace);
    }

    public SandboxOptions withAgentEnv(Map<String, String> env) {
        return new SandboxOptions(replicas, namespace, runId, agentJar, operatorJar, workDir, leaseDuration, renewDeadline,
                retryPeriod, apiPort, env, agentCommand, jvmOptions, stopGrace);
    }

    public SandboxOptions withAgentCommand(List<String> command) {
        return new SandboxOptions(replicas, namespace, runId, agentJar, operatorJar, workDir, leaseDuration, renewDeadline,
                retryPeriod, apiPort, agentEnv, command, jvmOptions, stopGrace);
    }

    public SandboxOptions withStopGrace(Duration grace) {
        return new SandboxOptions(replicas, namespace, runId, agentJar, operatorJar, workDir, leaseDuration, renewDeadline,
                retryPeriod, apiPort, agentEnv, agentCommand, jvmOptions, grace);
    }

    /** The operator command the agent runs as its child (the agent adds the election, probe and metrics flags). */
    public List<String> operatorCommand(String java, Path kubeconfig) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", operatorJar.toString(),
                "--leader-election-id", LeaseView.LEASE_NAME,
                "--leader-election-namespace", namespace,
                "--lease-duration", leaseDuration,
                "--renew-deadline", renewDeadline,
                "--retry-period", retryPeriod,
                "--kubeconfig", kubeconfig.toString()));
        return cmd;
    }

    /** The whole replica command: {@code java -jar agent.jar run -- <operator command>}, or the stand-in. */
    public List<String> replicaCommand(String java, Path kubeconfig) {
        if (!agentCommand.isEmpty()) {
            return agentCommand;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", agentJar.toString(), "run", "--"));
        cmd.addAll(operatorCommand(java, kubeconfig));
        return cmd;
    }

    private static String randomRunId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}

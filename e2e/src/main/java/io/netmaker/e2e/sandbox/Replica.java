package io.netmaker.e2e.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** One running replica: its agent process (which runs the operator as its child), state dir and log. */
public final class Replica {
    public static final String HOST = "127.0.0.1";

    private final int index;
    private final String podName;
    private final Path stateDir;
    private final Path log;
    private final Process agent;

    Replica(int index, String podName, Path stateDir, Path log, Process agent) {
        this.index = index;
        this.podName = podName;
        this.stateDir = stateDir;
        this.log = log;
        this.agent = agent;
    }

    public int index() {
        return index;
    }

    public String podName() {
        return podName;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path log() {
        return log;
    }

    /** The agent's termination log: in the replica's work dir, beside its state dir. */
    public Path terminationLog() {
        return terminationLog(stateDir);
    }

    static Path terminationLog(Path stateDir) {
        return stateDir.resolveSibling("termination-log");
    }

    public long agentPid() {
        return agent.pid();
    }

    public boolean alive() {
        return agent.isAlive();
    }

    /** The agent's exit code once it has exited. */
    public OptionalInt exitCode() {
        return agent.isAlive() ? OptionalInt.empty() : OptionalInt.of(agent.exitValue());
    }

    /** Waits for the agent to exit; its exit code, or empty after {@code timeout}. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return agent.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(agent.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** The health port: from {@code ports.json} in the state dir, else the hashed port. */
    public int healthPort() {
        return plannedPorts().flatMap(p -> {
            OptionalInt port = p.port("health");
            return port.isPresent() ? Optional.of(port.getAsInt()) : Optional.empty();
        }).orElse(PortHash.healthPort(podName));
    }

    /** The agent's {@code ports.json} (written to {@code AGENT_STATE_DIR}), once written. */
    public Optional<AgentStatus> plannedPorts() {
        Path file = stateDir.resolve("ports.json");
        try {
            return Files.isRegularFile(file) ? AgentStatus.parse(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public HttpProbe.Result http(String path) {
        return HttpProbe.get(HOST, healthPort(), path);
    }

    public Optional<AgentStatus> status() {
        HttpProbe.Result r = http("/status");
        return r.ok() ? AgentStatus.parse(r.body()) : Optional.empty();
    }

    public Optional<PrometheusText> metrics() {
        HttpProbe.Result r = http("/metrics");
        return r.ok() ? Optional.of(PrometheusText.parse(r.body())) : Optional.empty();
    }

    /** The operator (the agent's child): the pid {@code /status} reports, else the agent's only live child. */
    public OptionalLong operatorPid() {
        OptionalLong fromStatus = status().map(AgentStatus::childPid).orElse(OptionalLong.empty());
        if (fromStatus.isPresent() && Signals.alive(fromStatus.getAsLong())) {
            return fromStatus;
        }
        List<ProcessHandle> children = agent.children().filter(ProcessHandle::isAlive).toList();
        return children.size() == 1 ? OptionalLong.of(children.get(0).pid()) : OptionalLong.empty();
    }

    /** Every listening TCP port of the agent and its descendants (the ports really bound). */
    public Set<Integer> listeningPorts() {
        Set<Integer> ports = new LinkedHashSet<>(ListeningPorts.of(agent.pid()));
        for (long pid : Signals.descendants(agent.pid())) {
            ports.addAll(ListeningPorts.of(pid));
        }
        return ports;
    }

    public boolean signalAgent(String signal) {
        return Signals.send(agent.pid(), signal);
    }

    public Set<Long> descendants() {
        return Signals.descendants(agent.pid());
    }

    /** The last {@code lines} lines of the replica's log (agent and operator output). */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "replica " + index + " (" + podName + ", agent pid " + agent.pid() + ")";
    }
}

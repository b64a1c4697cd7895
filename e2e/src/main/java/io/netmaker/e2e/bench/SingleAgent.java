package io.netmaker.e2e.bench;

import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.HttpProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One agent with an operator child, outside a pod (fixed health port, election off), on the shared API server. */
final class SingleAgent implements AutoCloseable {
    final Process process;
    final int healthPort;
    final Path dir;

    private SingleAgent(Process process, int healthPort, Path dir) {
        this.process = process;
        this.healthPort = healthPort;
        this.dir = dir;
    }

    static SingleAgent start(BenchContext ctx, String name, List<String> agentJvm, List<String> child,
                             Map<String, String> env) {
        Path dir = ctx.dir(name);
        int port = Procs.freePort();
        Process p = ctx.procs.start(ctx.agent(agentJvm, child), ctx.agentEnv(dir, port, env), dir.resolve("agent.log"));
        return new SingleAgent(p, port, dir);
    }

    boolean awaitReady(Duration timeout) {
        return Procs.waitUntil(() -> Procs.http200(healthPort, "/readyz"), timeout, 20);
    }

    Optional<AgentStatus> status() {
        HttpProbe.Result r = HttpProbe.get("127.0.0.1", healthPort, "/status");
        return r.ok() ? AgentStatus.parse(r.body()) : Optional.empty();
    }

    OptionalLong childPid() {
        return status().map(AgentStatus::childPid).orElse(OptionalLong.empty());
    }

    /** A port of the published plan ({@code child-probe}, {@code child-metrics}); -1 before it is written. */
    int plannedPort(String role) {
        Path file = dir.resolve("state/ports.json");
        try {
            return Files.isRegularFile(file)
                    ? AgentStatus.parse(Files.readString(file)).map(s -> s.port(role)).filter(OptionalInt::isPresent)
                            .map(OptionalInt::getAsInt).orElse(-1)
                    : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        Procs.stop(process, Duration.ofSeconds(10));
    }
}

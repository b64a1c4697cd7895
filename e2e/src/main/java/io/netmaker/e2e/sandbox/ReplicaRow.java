package io.netmaker.e2e.sandbox;

import java.util.Optional;
import java.util.OptionalInt;

/** One line of the sandbox's live table, read from a replica's {@code /status} and {@code /readyz} and the Lease. */
public record ReplicaRow(
        int index,
        String pod,
        String agent,
        String operator,
        String healthPort,
        String proxyPort,
        String source,
        String leader,
        String sidecar,
        String restarts,
        String ready) {

    static final String NONE = "-";

    public static ReplicaRow of(Replica r, Optional<String> leaseHolder) {
        String agent = r.alive() ? Long.toString(r.agentPid()) : "exit " + r.exitCode().orElse(-1);
        if (!r.alive()) {
            return new ReplicaRow(r.index(), r.podName(), agent, NONE, NONE, NONE, NONE,
                    leaseHolder.filter(r.podName()::equals).isPresent() ? "lease*" : NONE, NONE, NONE, NONE);
        }
        Optional<AgentStatus> status = r.status();
        HttpProbe.Result readyz = r.http("/readyz");
        boolean holdsLease = leaseHolder.filter(r.podName()::equals).isPresent();
        return new ReplicaRow(
                r.index(),
                r.podName(),
                agent,
                status.map(s -> s.childPid().isPresent() ? Long.toString(s.childPid().getAsLong()) : NONE).orElse(NONE),
                status.map(s -> text(s.port("health"))).orElse(Integer.toString(r.healthPort())),
                status.map(s -> text(s.port("proxy"))).orElse(NONE),
                status.flatMap(s -> s.portSource("health")).orElse(NONE),
                leader(status.flatMap(AgentStatus::leaderState), holdsLease),
                status.flatMap(AgentStatus::sidecarState).orElse(NONE),
                status.map(s -> Integer.toString(s.childRestarts())).orElse(NONE),
                readyz.code() == 0 ? "down" : readyz.ok() ? "ready" : "NOT READY (" + readyz.code() + ")");
    }

    /** The agent's view ({@code leading}/{@code standby}), marked {@code *} for the Lease holder. */
    private static String leader(Optional<String> agentState, boolean holdsLease) {
        return agentState.orElse(NONE) + (holdsLease ? " *" : "");
    }

    private static String text(OptionalInt port) {
        return port.isPresent() ? Integer.toString(port.getAsInt()) : NONE;
    }
}

package io.netmaker.e2e.bench;

import io.netmaker.e2e.sandbox.HttpProbe;
import java.util.List;
import java.util.Optional;

/** Replicas competing for one Lease: either operators run directly (the baseline) or agents with operator children. */
interface Cluster extends AutoCloseable {

    /** The Lease's holder identity; empty when absent or released. */
    Optional<String> holder();

    /** Whether the replica {@code identity}'s operator reports leading ({@code leader_election_master_status 1}). */
    boolean leading(String identity);

    /** Whether the replica's operator serves its metrics (it runs and its election has started or is about to). */
    boolean operatorUp(String identity);

    List<String> identities();

    /** {@code kill -9} of the replica's operator process. */
    void crashOperator(String identity);

    /** SIGTERM to the replica's entry process (the agent, or the operator in the baseline). */
    void terminate(String identity);

    /** Brings a terminated or crashed replica back if nothing else does (the agent restarts a crashed child itself). */
    void recover(String identity);

    @Override
    void close();

    /** True when the holder leads and every replica's operator is up. */
    default boolean settled() {
        Optional<String> h = holder();
        return h.isPresent() && leading(h.get()) && identities().stream().allMatch(this::operatorUp);
    }

    /** Scrapes {@code leader_election_master_status} from an operator's metrics port. */
    static boolean leadingOnPort(int metricsPort) {
        if (metricsPort <= 0) {
            return false;
        }
        HttpProbe.Result r = HttpProbe.get("127.0.0.1", metricsPort, "/metrics");
        if (!r.ok()) {
            return false;
        }
        for (String line : r.body().split("\n")) {
            if (line.startsWith("leader_election_master_status")) {
                return line.trim().endsWith(" 1.0") || line.trim().endsWith(" 1");
            }
        }
        return false;
    }
}

package io.netmaker.e2e.target;

import io.netmaker.e2e.sandbox.HttpProbe;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Where the end-to-end scenarios run: the local sandbox (processes on loopback) or a kind cluster. Replicas are
 * named by their Pod name. The scenarios use only this interface, so both targets run the same suite.
 */
public interface Target extends AutoCloseable {

    /** How an agent ended after SIGTERM: its exit code (empty if it had to be killed) and descendants that outlived it. */
    record AgentStop(OptionalInt exitCode, Set<Long> leftoverPids) {}

    /** {@code local} or {@code kind}. */
    String name();

    /** The API server the target runs against: {@code mock}, {@code apiserver} (e2e/go) or {@code kube-apiserver}. */
    String apiServer();

    /** The replicas' Pod names, in replica order. */
    List<String> replicas();

    /** The Lease holder identity, as the API server holds it; empty when nobody holds it. */
    Optional<String> leader();

    /** GET {@code path} on the replica's agent health port. Code 0 when nothing answered. */
    HttpProbe.Result http(String replica, String path);

    /** Sends {@code signal} ({@code KILL}, {@code STOP}, {@code CONT}, ...) to the replica's operator; returns its pid. */
    long killOperator(String replica, String signal);

    /** SIGTERMs the replica's agent and waits for it to end. */
    AgentStop stopAgent(String replica);

    /** Sets the replica Pod's {@code netclient} container readiness in the Kubernetes API. */
    void setSidecarReady(String replica, boolean ready);

    /** The operator's own {@code leader_election_master_status}, when its metrics are reachable. */
    Optional<Boolean> operatorLeading(String replica);

    /** Text to print when a scenario fails (logs, process trees). */
    default String diagnostics() {
        return "";
    }

    @Override
    void close();
}

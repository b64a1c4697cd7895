/**
 * Real Go peers for the end-to-end suite and the benches: programs built from Go sources
 * ({@code e2e/go}, {@code make go-peers}) that read flags with Go's {@code flag} package and elect with client-go,
 * as the upstream operator {@code /manager} does, so the agent is tested against Go's behaviour rather than a Java
 * imitation of it.
 *
 * <p>Owns where the binaries are ({@link io.netmaker.e2e.gopeers.GoPeers}, from {@code go.peers.dir}) and a cluster of
 * election peers on one mock API server ({@link io.netmaker.e2e.gopeers.GoPeerCluster}), each behind an agent (shared
 * or per-replica hostnames, as {@code hostNetwork} gives them) or run directly as the baseline in which nothing
 * releases the Lease.
 *
 * <p>Invariants: the peers are real processes and the cluster owns them: {@code close()} stops every process it
 * started (the sandbox's replicas, or the direct peers and their API server); a binary not built is never worked
 * around: {@code GoPeers.missing()} says so in one line, for the caller to skip or fail on. Ports are picked free
 * on loopback.
 *
 * <p>Callers: the {@code *E2E} tests under {@code io.netmaker.e2e.gopeers} and the failover bench.
 */
package io.netmaker.e2e.gopeers;

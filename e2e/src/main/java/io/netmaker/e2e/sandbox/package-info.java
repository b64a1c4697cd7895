/**
 * The local sandbox ({@code make run}) and the library the end-to-end suite and the benches drive: a mock
 * Kubernetes API server on loopback ({@link io.netmaker.e2e.sandbox.ApiServer}, with the discovery documents and
 * Table printing {@code kubectl} expects), Pods whose status a stand-in kubelet writes
 * ({@link io.netmaker.e2e.sandbox.PodKubelet}), N replicas of {@code agent run -- operator} as real processes
 * ({@link io.netmaker.e2e.sandbox.Sandbox}, {@link io.netmaker.e2e.sandbox.Replica}), and the terminal UI.
 *
 * <p>Invariants: everything binds loopback only; every process started (and its descendants) is stopped by
 * {@code close()}, also from a shutdown hook; each replica logs to {@code <work dir>/<pod>/replica.log}; a clean
 * stop exits 0; the terminal is restored however the screen ends.
 *
 * <p>Callers: {@link io.netmaker.e2e.sandbox.SandboxMain} ({@code make run}), the E2E suite's local target and
 * the benches. Not used by the agent or the operator.
 */
package io.netmaker.e2e.sandbox;

/**
 * Test support shared by the agent's and the operator's tests (a test-scoped dependency; never in a shipped jar).
 *
 * <p>Owns the mock Kubernetes API ({@link io.netmaker.testing.MockApi}: fabric8's mock server in CRUD mode on
 * loopback, restartable on the same port to play an outage, with tuned and default clients, recorded requests and a
 * kubeconfig for child processes), the Lease moves another replica would make ({@link io.netmaker.testing.Leases}:
 * create or update a holder, usurp a held Lease) and a real WireGuard tunnel between network namespaces
 * ({@link io.netmaker.testing.WireGuardPair}: userspace wireguard-go, cut and restored on demand), and the README's
 * configuration tables as rows of cells ({@link io.netmaker.testing.Readme}). Invariants: knows nothing of either module (each keeps its own
 * fixtures: settings, names, fixed clocks); brings no dependency of its own, so each module's test class path is
 * what its pom says (the agent's lean Kubernetes client stays lean).
 *
 * <p>Callers: {@code *Test} and {@code *IT} classes of agent and operator, and the e2e suite's tunnel scenario. The sandbox's API server
 * ({@code io.netmaker.e2e.sandbox.ApiServer}) is a product of its own (discovery, Table printing, request recording)
 * and does not use this.
 */
package io.netmaker.testing;

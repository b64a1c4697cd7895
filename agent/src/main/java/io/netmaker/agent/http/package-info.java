/**
 * The agent's HTTP surface on the port kubelet probes: {@code /healthz} and {@code /readyz} (the shared healthz
 * module), {@code /metrics} and {@code /status} ({@link io.netmaker.agent.http.AgentServer}), plus the readiness
 * check that asks the child's own {@code /readyz} ({@link io.netmaker.agent.http.ChildReadyCheck}).
 *
 * <p>Invariants: GET and HEAD only, nothing that changes state; {@code /status} is assembled from
 * {@link io.netmaker.agent.status.StatusSection}s contributed by the parts that own the state; no environment values
 * or tokens in any response; the child's readiness call is bounded by {@code AGENT_CHILD_PROBE_TIMEOUT}. The server
 * is built here and started by the caller.
 *
 * <p>Callers: {@code io.netmaker.agent.Agent} builds and starts it with the checks and status sections of every
 * part; it imports none of those parts (they share {@code io.netmaker.agent.status}).
 */
package io.netmaker.agent.http;

/**
 * The pod's port plan: which health-probe, proxy and child ports to use, and why
 * ({@link io.netmaker.agent.ports.PortPlanner}); hashed from {@code POD_NAME} with Go-compatible FNV-1a when the
 * pod shares the node's network, so replicas on one node do not collide (docs/operations/ports.md).
 *
 * <p>Invariants: planning is pure apart from the injected {@link io.netmaker.agent.ports.PortCheck} and loopback
 * supplier, so the same inputs give the same plan; a port is checked by binding it, and the health port's bound
 * channel is handed to the HTTP server so nobody takes it in between; reserved ports are never chosen by
 * {@code next-free}; every conflict is kept with its reason; the published {@code ports.json} is replaced
 * atomically. {@link io.netmaker.agent.ports.PortState} is the one shared view of the current plan.
 *
 * <p>Callers: the composition root plans and re-plans; the HTTP status, readiness and metrics read
 * {@code PortState}; the child launcher reads the plan for the child's flags.
 */
package io.netmaker.agent.ports;

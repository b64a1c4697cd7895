/**
 * controller-runtime's {@code pkg/healthz} for Javalin: the {@code /healthz} and {@code /readyz} endpoints shared by
 * the agent and the operator, so both answer kubelet and humans the same way.
 *
 * <p>Owns the check set ({@link io.netmaker.healthz.HealthChecks}), the check contract
 * ({@link io.netmaker.healthz.Checker}: pass by returning, fail by throwing) and the HTTP shape
 * ({@link io.netmaker.healthz.HealthEndpoint}: {@code ok} or 500 with one line per check, {@code ?verbose},
 * {@code ?exclude=}, {@code <path>/<name>}). Invariants: checks run in name order on the request thread; a check's
 * error text appears only on its own path, never in the aggregate; checks may be added after the endpoint is
 * installed, never removed; this package knows nothing about Kubernetes, ports or the agent.
 *
 * <p>Callers: the agent's HTTP server and its leader, sidecar and child checks; the operator's probe server and its
 * API proxy check. Keep it small: it is on every probe's path.
 */
package io.netmaker.healthz;

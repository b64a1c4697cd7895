/**
 * The agent's Prometheus metrics, all named {@code netmaker_agent_*}, plus the JVM and process binders, on one
 * Micrometer registry ({@link io.netmaker.agent.metrics.AgentMetrics}).
 *
 * <p>Invariants: metric names and labels are an interface (dashboards and the alerts in deploy/monitoring use
 * them): change them only with those; child metrics ({@code child_up}, {@code child_restarts_total},
 * {@code child_last_exit_code}) follow the supervisor's events, never poll; recording never blocks or throws.
 *
 * <p>Callers: the composition root creates it and listens it to the child; the HTTP server scrapes it.
 */
package io.netmaker.agent.metrics;

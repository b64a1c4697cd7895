/**
 * The operator's Prometheus metrics under controller-runtime's names ({@code leader_election_master_status},
 * {@code controller_runtime_reconcile_total} and {@code controller_runtime_reconcile_time_seconds}), on one
 * Micrometer registry.
 *
 * <p>Invariants: metric names and labels match controller-runtime's so the Go operator's dashboards and alerts work
 * unchanged (Micrometer adds {@code _total} and {@code _seconds}, so meters are named without them); recording never
 * throws and never blocks a reconcile.
 *
 * <p>Callers: the composition root creates it; the controllers and the election record into it; the metrics server
 * scrapes it.
 */
package io.netmaker.operator.metrics;

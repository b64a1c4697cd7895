package io.netmaker.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * controller-runtime's metric names on a Micrometer Prometheus registry. Micrometer appends {@code _total} to
 * counters and {@code _seconds} to timers, so the meters are named without those suffixes.
 */
public final class OperatorMetrics {
    /** controller-runtime's reconcile-time buckets, in seconds. */
    private static final double[] RECONCILE_BUCKETS = {
        0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
        1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger leading = new AtomicInteger();

    public OperatorMetrics(String leaseName) {
        Gauge.builder("leader_election_master_status", leading, AtomicInteger::get)
                .description("Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, "
                        + "1 indicates master. 'name' is the string used to identify the lease.")
                .tag("name", leaseName)
                .register(registry);
    }

    public void leading(boolean isLeading) {
        leading.set(isLeading ? 1 : 0);
    }

    /** Records one reconcile; {@code result} is {@code success}, {@code error} or {@code requeue}. */
    public void reconciled(String controller, String result, Duration took) {
        Counter.builder("controller_runtime_reconcile")
                .description("Total number of reconciliations per controller")
                .tags("controller", controller, "result", result)
                .register(registry)
                .increment();
        Timer.builder("controller_runtime_reconcile_time")
                .description("Length of time per reconciliation per controller")
                .tag("controller", controller)
                .serviceLevelObjectives(buckets())
                .register(registry)
                .record(took);
    }

    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private static Duration[] buckets() {
        Duration[] out = new Duration[RECONCILE_BUCKETS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Duration.ofNanos(Math.round(RECONCILE_BUCKETS[i] * 1e9));
        }
        return out;
    }
}

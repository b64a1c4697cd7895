package io.netmaker.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.child.ExitCause;
import io.netmaker.agent.ports.PlannedPort;
import io.netmaker.agent.ports.PortConflict;
import io.netmaker.agent.ports.PortPlan;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's Prometheus metrics, all prefixed {@code netmaker_agent_}, plus the process, JVM memory and GC
 * binders. Listens to the child to keep {@code child_up}, {@code child_restarts_total} and
 * {@code child_last_exit_code} current.
 */
public final class AgentMetrics implements ChildListener {
    public static final String PREFIX = "netmaker.agent.";
    /** Every {@code reason} of {@code child_restarts_total} (the restart causes); each exists at 0 from the start. */
    public static final List<String> RESTART_REASONS = ExitCause.RESTARTS.stream().map(ExitCause::label).toList();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger childUp = new AtomicInteger();
    private final AtomicInteger lastExitCode = new AtomicInteger();
    private final List<Meter> portInfo = new ArrayList<>();

    public AgentMetrics(String version) {
        Gauge.builder(PREFIX + "build.info", () -> 1).description("Agent build; the value is always 1")
                .tags("version", version, "java_version", System.getProperty("java.version"))
                .register(registry);
        Gauge.builder(PREFIX + "child.up", childUp, AtomicInteger::get)
                .description("1 while the child process runs").register(registry);
        Gauge.builder(PREFIX + "child.last.exit.code", lastExitCode, AtomicInteger::get)
                .description("Exit code of the child's last run (128+signal for a signal death); 0 before the first")
                .register(registry);
        RESTART_REASONS.forEach(this::restartCounter);
        // Process, memory and GC only (issue 12): no class-loader meters and no JvmThreadMetrics, whose per-state
        // gauges walk every thread's ThreadInfo on each scrape; the live thread count is one cheap read; CPU without
        // the two usage gauges (see processor()).
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Gauge.builder("jvm.threads.live", threads, ThreadMXBean::getThreadCount)
                .description("The current number of live threads").baseUnit("threads").register(registry);
        processor(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * Micrometer's {@code ProcessorMetrics} under the same names, without {@code system_cpu_usage} and
     * {@code process_cpu_usage}: each of those reads /proc on every scrape (about 110 us apiece, half the agent's
     * scrape). {@code rate(process_cpu_time_ns_total[1m]) / 1e9} gives the process's CPU usage in cores.
     */
    private static void processor(PrometheusMeterRegistry registry) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        Gauge.builder("system.cpu.count", os, OperatingSystemMXBean::getAvailableProcessors)
                .description("The number of processors available to the Java virtual machine").register(registry);
        if (os.getSystemLoadAverage() >= 0) {
            Gauge.builder("system.load.average.1m", os, OperatingSystemMXBean::getSystemLoadAverage)
                    .description("The sum of the number of runnable entities queued to available processors and the"
                            + " number of runnable entities running on the available processors averaged over a"
                            + " period of time").register(registry);
        }
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            FunctionCounter.builder("process.cpu.time", hotspot,
                            com.sun.management.OperatingSystemMXBean::getProcessCpuTime)
                    .description("The \"cpu time\" used by the Java Virtual Machine process").baseUnit("ns")
                    .register(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /** Publishes the plan as {@code port_info{role,port,source} 1}, replacing the previous plan's rows. */
    public synchronized void publish(PortPlan plan) {
        portInfo.forEach(registry::remove);
        portInfo.clear();
        for (PlannedPort p : plan.ports()) {
            portInfo.add(Gauge.builder(PREFIX + "port.info", () -> 1)
                    .description("The resolved port of each role; the value is always 1")
                    .tags(Tags.of("role", p.role().label(), "port", Integer.toString(p.port()), "source", p.source()))
                    .register(registry));
        }
    }

    public void conflict(PortConflict conflict) {
        conflictCounter(conflict.role().label()).increment();
    }

    /** Registers the per-role conflict counters at 0, so they exist before the first conflict. */
    public void registerConflictCounters(PortPlan plan) {
        plan.ports().forEach(p -> conflictCounter(p.role().label()));
    }

    @Override
    public void started(long pid) {
        childUp.set(1);
    }

    @Override
    public void exited(ChildExit exit) {
        childUp.set(0);
        lastExitCode.set(exit.code());
        if (exit.restarting()) {
            restartCounter(exit.cause().label()).increment();
        }
    }

    private Counter restartCounter(String reason) {
        return Counter.builder(PREFIX + "child.restarts").description("Child restarts by reason")
                .tag("reason", reason).register(registry);
    }

    private Counter conflictCounter(String role) {
        return Counter.builder(PREFIX + "port.conflicts").description("Planned ports found taken, by role")
                .tag("role", role).register(registry);
    }
}

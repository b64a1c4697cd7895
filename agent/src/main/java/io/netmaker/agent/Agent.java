package io.netmaker.agent;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.netmaker.agent.child.ChildControl;
import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ChildLauncher;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.child.ChildLiveness;
import io.netmaker.agent.child.ChildProbe;
import io.netmaker.agent.child.ExitCodes;
import io.netmaker.agent.child.StartGate;
import io.netmaker.agent.child.Supervisor;
import io.netmaker.agent.child.TerminationLog;
import io.netmaker.agent.config.AgentConfig;
import io.netmaker.agent.http.AgentHttp;
import io.netmaker.agent.http.ChildReadyCheck;
import io.netmaker.agent.http.Json;
import io.netmaker.agent.http.StatusSection;
import io.netmaker.agent.metrics.ChildMetrics;
import io.netmaker.agent.ports.BindingPortCheck;
import io.netmaker.agent.ports.PortCheck;
import io.netmaker.agent.ports.PortKeeper;
import io.netmaker.agent.ports.PortPlanException;
import io.netmaker.agent.ports.PortRole;
import io.netmaker.healthz.Checker;
import io.netmaker.healthz.HealthChecks;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code agent run}: wires the port keeper, the child launcher and supervisor and the HTTP
 * side, then runs. Order matters in {@link #run()}: the ports are planned first, the HTTP side starts on its own
 * thread (so the child is not held up by Jetty and Micrometer), and the child starts at once under the
 * {@link Supervisor} until it ends for good.
 *
 * <p>Other parts plug in through the {@link Builder}: {@link ChildListener}s, one {@link StartGate}, readiness and
 * liveness {@link Checker}s, {@link StatusSection}s, start and stop hooks, and a {@link ChildControl} to ask for
 * restarts. {@link Builder#build()} takes a copy of all of it; the builder is left as it was.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** Under the JVM's own 300 ms wait for threads in native calls, so waiting never costs more than it saves. */
    private static final Duration CONNECTOR_CLOSE_BOUND = Duration.ofMillis(250);

    private final AgentConfig config;
    private final PortKeeper ports;
    private final ChildLauncher launcher;
    private final Supervisor supervisor;
    private final AgentHttp http;
    private final StartGate gate;
    private final List<Runnable> onStart;
    private final List<AutoCloseable> onStop;
    private final OutputStream err;

    private Agent(Builder b) {
        config = b.config;
        gate = b.gate;
        onStart = List.copyOf(b.onStart);
        err = b.err;
        ports = new PortKeeper(config.ports(), b.portCheck, b.loopback, config.stateDir(), Json::pretty);
        b.plannedPorts.set(ports);
        launcher = new ChildLauncher(config, ports);

        HealthChecks liveness = new HealthChecks();
        b.liveness.forEach(liveness::add);
        HealthChecks readiness = new HealthChecks();
        b.readiness.forEach(readiness::add);
        Map<String, Supplier<Object>> status = new LinkedHashMap<>();
        http = new AgentHttp(b.version, b.meterBinders, b.childMetrics, liveness, readiness, status, b.sections);

        // the agent took kubelet's liveness job over the child: it probes the child's own /healthz
        ChildLiveness childLiveness = new ChildLiveness(config.supervision().liveness(), new ChildProbe(
                () -> ports.port(PortRole.CHILD_PROBE), "/healthz", config.supervision().childProbeTimeout()),
                b.control, System::nanoTime);
        List<AutoCloseable> stops = new ArrayList<>(b.onStop);
        stops.add(childLiveness);
        onStop = List.copyOf(stops);

        List<ChildListener> listeners = new ArrayList<>();
        listeners.add(new StartupReport());
        listeners.add(http.childEvents());
        listeners.add(childLiveness);
        listeners.addAll(b.listeners);
        supervisor = new Supervisor(config.supervision(), launcher, listeners, b.clock,
                new TerminationLog(config.supervision().terminationLog()), b.out, b.err);
        b.control.target = supervisor;

        liveness.add("restart-budget", () -> {
            if (!supervisor.withinBudget()) {
                throw new IllegalStateException("child restart budget spent");
            }
        });
        readiness.add("child", new ChildReadyCheck(() -> ports.port(PortRole.CHILD_PROBE),
                config.supervision().childProbeTimeout()));
        readiness.add("ports", () -> {
            String unresolved = ports.state().unresolvedReason();
            if (unresolved != null) {
                throw new IllegalStateException(unresolved);
            }
        });
        status.put("version", () -> b.version);
        status.put("ports", ports.view());
        status.put("election", () -> AgentPlan.electionView(config.election()));
        status.put("child", this::childStatus);
        ports.onReplan(http::replanned);
    }

    public static Builder builder(AgentConfig config) {
        return new Builder(config);
    }

    /** Runs the agent; returns its exit code. Port plan failures return 2 before anything starts. */
    public int run() throws InterruptedException {
        try {
            ports.plan();
        } catch (PortPlanException e) {
            new PrintStream(err, true).println("agent: port plan failed: " + e.getMessage());
            new TerminationLog(config.supervision().terminationLog()).write("port plan failed: " + e.getMessage());
            ports.closeCheck();
            return ExitCodes.CONFIG_ERROR;
        }
        launcher.prepare();
        ServerSocketChannel healthChannel = ports.takeHealthChannel(); // frees the proxy port for the child
        CompletableFuture.runAsync(() -> serve(healthChannel), daemon("agent-http"));
        int code;
        try {
            code = supervisor.run(gate);
        } finally {
            shutdown(); // without waiting for the HTTP start: a child that failed at once must not wait for Jetty
        }
        return code;
    }

    /** The agent got {@code signal}: stop the child for good (one SIGTERM, then SIGKILL after the grace). */
    public void stop(int signal) {
        supervisor.stop(signal);
    }

    /** The agent got {@code signal} (a name like {@code HUP}): pass it to the running child unchanged. */
    public void forward(String signal) {
        supervisor.forward(signal);
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    /** The port the HTTP server listens on, once it started (for tests); -1 before. */
    public int httpPort() {
        return http.port();
    }

    private void serve(ServerSocketChannel channel) {
        try {
            if (!http.start(ports.state(), channel)) {
                return; // the agent ended while the server started
            }
            ports.writeFile();
        } catch (RuntimeException e) {
            LOG.error("http server failed to start error={}", e.toString());
            supervisor.stop(ExitCodes.SIGTERM);
            return;
        }
        for (Runnable hook : onStart) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("start hook failed error={}", e.toString());
            }
        }
    }

    private Map<String, Object> childStatus() {
        Supervisor.State s = supervisor.state();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("pid", s.pid());
        view.put("running", s.running());
        view.put("starts", s.starts());
        view.put("restarts", s.restarts());
        view.put("fastFailures", s.fastFailures());
        view.put("lastExitCode", s.lastExitCode());
        view.put("lastExitReason", s.lastExitReason());
        view.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
        view.put("withinRestartBudget", s.withinBudget());
        view.put("dialect", io.netmaker.agent.config.EnvReader.configName(config.dialect()));
        if (launcher.command() != null) {
            view.putAll(AgentPlan.childView(launcher.command()));
        }
        return view;
    }

    /**
     * Stops the HTTP side first (in the background) so that its connectors close while the stop hooks (the Lease
     * release) run, then waits for them, bounded: a thread left in a native call costs the JVM's exit up to 300 ms.
     */
    private void shutdown() {
        http.stop();
        for (AutoCloseable c : onStop) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stop hook failed error={}", e.toString());
            }
        }
        http.awaitConnectorsClosed(CONNECTOR_CLOSE_BOUND);
    }

    private static Executor daemon(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }

    /** Logs how long after the JVM's start the first child started. */
    private static final class StartupReport implements ChildListener {
        private boolean first = true;

        @Override
        public void started(long pid) {
            if (first) {
                first = false;
                long now = System.currentTimeMillis();
                // java.lang.management is slow to load: read the JVM's start time off the supervisor's thread
                daemon("startup-report").execute(() -> LOG.info("first child start since_jvm_start_ms={}",
                        now - ManagementFactory.getRuntimeMXBean().getStartTime()));
            }
        }
    }

    /** A {@link ChildControl} handed out before the supervisor exists. */
    private static final class DeferredControl implements ChildControl {
        private volatile ChildControl target;

        @Override
        public void restart(String reason) {
            ChildControl t = target;
            if (t != null) {
                t.restart(reason);
            }
        }
    }

    /** Collects the agent's collaborators; {@link #build()} wires them. */
    public static final class Builder {
        private final AgentConfig config;
        private final List<ChildListener> listeners = new CopyOnWriteArrayList<>();
        private final List<StatusSection> sections = new CopyOnWriteArrayList<>();
        private final List<Runnable> onStart = new CopyOnWriteArrayList<>();
        private final List<AutoCloseable> onStop = new CopyOnWriteArrayList<>();
        private final List<MeterBinder> meterBinders = new CopyOnWriteArrayList<>();
        private final Map<String, Checker> liveness = new LinkedHashMap<>();
        private final Map<String, Checker> readiness = new LinkedHashMap<>();
        private final DeferredControl control = new DeferredControl();
        private final AtomicReference<PortKeeper> plannedPorts = new AtomicReference<>();
        private final ChildMetrics childMetrics;
        private StartGate gate = StartGate.OPEN;
        private Clock clock = Clock.systemUTC();
        private OutputStream out = System.out;
        private OutputStream err = System.err;
        private PortCheck portCheck = new BindingPortCheck();
        private IntSupplier loopback = BindingPortCheck::freeLoopbackPort;
        private String version = "dev";

        private Builder(AgentConfig config) {
            this.config = config;
            this.childMetrics = new ChildMetrics(() -> {
                PortKeeper keeper = plannedPorts.get();
                return keeper == null ? 0 : keeper.port(PortRole.CHILD_METRICS);
            }, config.supervision().childProbeTimeout());
        }

        public AgentConfig config() {
            return config;
        }

        /** Observes every child start and exit (called on the supervisor's thread). */
        public Builder listener(ChildListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Holds the first child start until it opens (one gate; compose gates yourself if you need several). */
        public Builder startGate(StartGate startGate) {
            this.gate = startGate;
            return this;
        }

        public Builder statusSection(StatusSection section) {
            sections.add(section);
            return this;
        }

        /** Adds a check to /readyz (name: lower-case DNS label, shown as {@code [+]name ok}). */
        public Builder readinessCheck(String name, Checker checker) {
            addCheck(readiness, name, checker);
            return this;
        }

        /** Adds a check to /healthz; a failing liveness check gets the pod restarted, so use sparingly. */
        public Builder livenessCheck(String name, Checker checker) {
            addCheck(liveness, name, checker);
            return this;
        }

        /** Runs once the HTTP server listens (on the HTTP start thread; start your own threads for long work). */
        public Builder onStart(Runnable hook) {
            onStart.add(hook);
            return this;
        }

        /**
         * Registers metrics on the agent's registry (served on /metrics) once it exists; it is built off the
         * child's start path. Name them {@code netmaker.agent.<thing>} to get the {@code netmaker_agent_} prefix.
         */
        public Builder meterBinder(MeterBinder binder) {
            meterBinders.add(binder);
            return this;
        }

        /** Closed when the agent ends, after the child stopped. */
        public Builder onStop(AutoCloseable hook) {
            onStop.add(hook);
            return this;
        }

        /** Binds meters to the agent's Prometheus registry once it exists (off the child's start path). */
        public Builder meters(MeterBinder binder) {
            meterBinders.add(binder);
            return this;
        }

        /** The child's own metrics on its loopback port (for its leader status); read once the ports are planned. */
        public ChildMetrics childMetrics() {
            return childMetrics;
        }

        /** Asks the supervisor for a graceful child restart; usable as soon as the agent is built. */
        public ChildControl childControl() {
            return control;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder output(OutputStream childOut, OutputStream childErr) {
            this.out = childOut;
            this.err = childErr;
            return this;
        }

        /** Replaces the binding port check and the loopback port source (tests). */
        public Builder ports(PortCheck check, IntSupplier loopbackPorts) {
            this.portCheck = check;
            this.loopback = loopbackPorts;
            return this;
        }

        public Builder version(String v) {
            this.version = v;
            return this;
        }

        /** Checks the name's rules and that it is new now, where the caller can see the mistake. */
        private static void addCheck(Map<String, Checker> checks, String name, Checker checker) {
            new HealthChecks().add(name, checker);
            if (checks.putIfAbsent(name, checker) != null) {
                throw new IllegalArgumentException("check already registered: " + name);
            }
        }

        /** Wires an agent from a copy of what was collected (the child control and child metrics follow it). */
        public Agent build() {
            return new Agent(this);
        }
    }
}

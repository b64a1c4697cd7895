package io.netmaker.agent;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netmaker.agent.child.ChildCommand;
import io.netmaker.agent.child.ChildControl;
import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.child.ChildLiveness;
import io.netmaker.agent.child.ChildProbe;
import io.netmaker.agent.child.ExitCodes;
import io.netmaker.agent.child.StartGate;
import io.netmaker.agent.child.Supervisor;
import io.netmaker.agent.child.TerminationLog;
import io.netmaker.agent.config.AgentConfig;
import io.netmaker.agent.http.AgentServer;
import io.netmaker.agent.http.ChildReadyCheck;
import io.netmaker.agent.http.Json;
import io.netmaker.agent.http.ServerStop;
import io.netmaker.agent.http.StatusSection;
import io.netmaker.agent.metrics.AgentMetrics;
import io.netmaker.agent.metrics.DeferredChildListener;
import io.netmaker.agent.ports.BindingPortCheck;
import io.netmaker.agent.ports.PlannedPort;
import io.netmaker.agent.ports.PortCheck;
import io.netmaker.agent.ports.PortConflict;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortPlanException;
import io.netmaker.agent.ports.PortPlanner;
import io.netmaker.agent.ports.PortRole;
import io.netmaker.agent.ports.PortState;
import io.netmaker.agent.ports.PortsFile;
import io.netmaker.healthz.Checker;
import io.netmaker.healthz.HealthChecks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code agent run}: plans the ports, starts the HTTP server (on its own thread, so the
 * child is not held up by Jetty's start), then runs the child under the {@link Supervisor} until it ends for good.
 *
 * <p>Other parts plug in through the {@link Builder}: {@link ChildListener}s, one {@link StartGate}, readiness and
 * liveness {@link Checker}s, {@link StatusSection}s, start and stop hooks, and a {@link ChildControl} to ask for
 * restarts.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final Builder b;
    private final Supervisor supervisor;
    private final PortPlanner planner;
    private final PortsFile portsFile;
    private final List<String> operator;
    private volatile PortState portState;
    private volatile ChildCommand command;
    private volatile AgentMetrics metrics;
    private volatile Javalin server;
    private final DeferredChildListener childEvents = new DeferredChildListener();
    private final ServerStop httpStop = new ServerStop();

    private Agent(Builder b) {
        this.b = b;
        this.operator = List.copyOf(b.operator);
        this.planner = new PortPlanner(b.config.ports(), b.portCheck, b.loopback);
        this.portsFile = new PortsFile(b.config.stateDir());
        List<ChildListener> listeners = new ArrayList<>();
        listeners.add(new MetricsForwarder());
        ChildLiveness childLiveness = new ChildLiveness(b.config.supervision().liveness(), new ChildProbe(
                () -> portState.plan().port(PortRole.CHILD_PROBE), "/healthz", b.config.supervision().childProbeTimeout()),
                b.control, System::nanoTime);
        listeners.add(childLiveness);
        b.onStop.add(childLiveness);
        listeners.addAll(b.listeners);
        this.supervisor = new Supervisor(b.config.supervision(), this::launch, listeners, b.clock,
                new TerminationLog(b.config.supervision().terminationLog()), b.out, b.err);
        b.control.target = supervisor;
        b.liveness.add("restart-budget", () -> {
            if (!supervisor.withinBudget()) {
                throw new IllegalStateException("child restart budget spent");
            }
        });
        b.readiness.add("child", new ChildReadyCheck(
                () -> portState.plan().port(PortRole.CHILD_PROBE), b.config.supervision().childProbeTimeout()));
        b.readiness.add("ports", () -> {
            String unresolved = portState.unresolvedReason();
            if (unresolved != null) {
                throw new IllegalStateException(unresolved);
            }
        });
    }

    public static Builder builder(AgentConfig config, List<String> operator) {
        return new Builder(config, operator);
    }

    /** Runs the agent; returns its exit code. Port plan failures return 2 before anything starts. */
    public int run() throws InterruptedException {
        PortPlan plan;
        try {
            plan = planner.plan();
        } catch (PortPlanException e) {
            e.conflicts().forEach(Agent::logConflict);
            new PrintStream(b.err, true).println("agent: port plan failed: " + e.getMessage());
            new TerminationLog(b.config.supervision().terminationLog()).write("port plan failed: " + e.getMessage());
            closePortCheck();
            return ExitCodes.CONFIG_ERROR;
        }
        portState = new PortState(plan);
        logPlan(plan);
        command = ChildCommand.build(operator, plan, b.config.election());
        command.rewrites().forEach(r -> LOG.info("child flag rewritten {}", r));

        ServerSocketChannel healthChannel = b.portCheck instanceof BindingPortCheck binding
                ? binding.take(plan.port(PortRole.HEALTH)) : null;
        closePortCheck(); // the child binds the proxy port: release it before the child starts
        CompletableFuture.runAsync(() -> serve(healthChannel), daemon("agent-http"));
        int code;
        try {
            code = supervisor.run(b.gate);
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
        Javalin s = server;
        return s == null ? -1 : s.port();
    }

    private void serve(ServerSocketChannel channel) {
        try {
            AgentMetrics m = new AgentMetrics(b.version);
            b.meterBinders.forEach(binder -> binder.bindTo(m.registry()));
            m.publish(portState.plan());
            m.registerConflictCounters(portState.plan());
            portState.conflicts().forEach(m::conflict);
            for (MeterBinder binder : b.meterBinders) {
                binder.bindTo(m.registry());
            }
            childEvents.attach(m);
            metrics = m;
            Map<String, Supplier<Object>> status = new LinkedHashMap<>();
            status.put("version", () -> b.version);
            status.put("ports", () -> portState.view());
            status.put("election", () -> AgentPlan.electionView(b.config.election()));
            status.put("child", this::childStatus);
            Javalin app = AgentServer.create(portState.plan().port(PortRole.HEALTH), channel, b.liveness,
                    b.readiness, m::scrape, status, b.sections);
            app.start();
            if (!httpStop.started(app)) {
                return; // the agent ended while Jetty started
            }
            server = app;
            LOG.info("http server listening port={}", app.port());
            writePortsFile();
        } catch (RuntimeException e) {
            LOG.error("http server failed to start error={}", e.toString());
            supervisor.stop(ExitCodes.SIGTERM);
            return;
        }
        for (Runnable hook : b.onStart) {
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
        view.putAll(AgentPlan.childView(command));
        return view;
    }

    private Process launch(boolean replan) throws IOException {
        if (replan) {
            replan();
        }
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().putAll(command.envChanges());
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private void replan() throws IOException {
        try (BindingPortCheck check = new BindingPortCheck()) {
            PortPlan next = new PortPlanner(b.config.ports(), check, b.loopback).replan(portState.plan());
            portState.replanned(next);
            logPlan(next);
            AgentMetrics m = metrics;
            if (m != null) {
                m.publish(next);
                next.conflicts().forEach(m::conflict);
            }
            command = ChildCommand.build(operator, next, b.config.election());
            writePortsFile();
        } catch (PortPlanException e) {
            e.conflicts().forEach(Agent::logConflict);
            portState.unresolved("port re-plan failed: " + e.getMessage());
            throw new IOException("port re-plan failed: " + e.getMessage(), e);
        }
    }

    private void writePortsFile() {
        try {
            portsFile.write(Json.pretty(portState.view()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ports file not written path={} error={}", portsFile.path(), e.toString());
        }
    }

    private static void logPlan(PortPlan plan) {
        LOG.info("port rule applied rule=\"{}\"", plan.rule());
        plan.conflicts().forEach(Agent::logConflict);
        for (PlannedPort p : plan.ports()) {
            LOG.info("port resolved role={} port={} source={} seed={}", p.role().label(), p.port(), p.source(),
                    p.seed());
        }
    }

    private static void logConflict(PortConflict c) {
        LOG.warn("port conflict role={} port={} reason=\"{}\"", c.role().label(), c.port(), c.reason());
    }

    private void closePortCheck() {
        if (b.portCheck instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("port check close failed error={}", e.toString());
            }
        }
    }

    private void shutdown() {
        for (AutoCloseable c : b.onStop) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stop hook failed error={}", e.toString());
            }
        }
        httpStop.stop();
    }

    private static java.util.concurrent.Executor daemon(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }

    /** Forwards child events to the metrics, held until they exist (they are built off the child's start path). */
    private final class MetricsForwarder implements ChildListener {
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
            childEvents.started(pid);
        }

        @Override
        public void exited(ChildExit exit) {
            childEvents.exited(exit);
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
        private final List<String> operator;
        private final List<ChildListener> listeners = new CopyOnWriteArrayList<>();
        private final List<StatusSection> sections = new CopyOnWriteArrayList<>();
        private final List<Runnable> onStart = new CopyOnWriteArrayList<>();
        private final List<AutoCloseable> onStop = new CopyOnWriteArrayList<>();
        private final List<MeterBinder> meterBinders = new CopyOnWriteArrayList<>();
        private final HealthChecks liveness = new HealthChecks();
        private final HealthChecks readiness = new HealthChecks();
        private final DeferredControl control = new DeferredControl();
        private StartGate gate = StartGate.OPEN;
        private Clock clock = Clock.systemUTC();
        private OutputStream out = System.out;
        private OutputStream err = System.err;
        private PortCheck portCheck = new BindingPortCheck();
        private IntSupplier loopback = BindingPortCheck::freeLoopbackPort;
        private String version = "dev";

        private Builder(AgentConfig config, List<String> operator) {
            this.config = config;
            this.operator = operator;
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
            readiness.add(name, checker);
            return this;
        }

        /** Adds a check to /healthz; a failing liveness check gets the pod restarted, so use sparingly. */
        public Builder livenessCheck(String name, Checker checker) {
            liveness.add(name, checker);
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

        public Agent build() {
            return new Agent(this);
        }
    }
}

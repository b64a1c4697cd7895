package io.netmaker.agent;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.netmaker.agent.child.ChildLauncher;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.child.ChildLiveness;
import io.netmaker.agent.child.ChildProbe;
import io.netmaker.agent.child.ExitCodes;
import io.netmaker.agent.child.StartGate;
import io.netmaker.agent.child.Supervisor;
import io.netmaker.agent.child.TerminationLog;
import io.netmaker.agent.config.AgentConfig;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.election.LeaderAwareness;
import io.netmaker.agent.election.LeaderReadiness;
import io.netmaker.agent.http.AgentHttp;
import io.netmaker.agent.http.ChildReadyCheck;
import io.netmaker.agent.http.Json;
import io.netmaker.agent.kubernetes.Cluster;
import io.netmaker.agent.kubernetes.ObjectWatch;
import io.netmaker.agent.kubernetes.PodFacts;
import io.netmaker.agent.kubernetes.PodSpecReport;
import io.netmaker.agent.metrics.ChildMetrics;
import io.netmaker.agent.ports.BindingPortCheck;
import io.netmaker.agent.ports.PlannedPort;
import io.netmaker.agent.ports.PortCheck;
import io.netmaker.agent.ports.PortKeeper;
import io.netmaker.agent.ports.PortPlanException;
import io.netmaker.agent.ports.PortPlanner;
import io.netmaker.agent.ports.PortRole;
import io.netmaker.agent.sidecar.InterfaceLookup;
import io.netmaker.agent.sidecar.SidecarAwareness;
import io.netmaker.agent.sidecar.SidecarMonitor;
import io.netmaker.agent.sidecar.StepDownListener;
import io.netmaker.agent.sidecar.TunnelMonitor;
import io.netmaker.agent.status.StatusSection;
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
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one assembly and its one lifecycle.
 *
 * <p>Assembly (the constructor), in dependency order, each part built once from real objects: the configuration,
 * then the ports ({@link PortKeeper}), the child's supervision ({@link ChildLauncher}, {@link Supervisor}, the
 * child's own metrics and the agent's liveness probe of the child), leader awareness ({@link LeaderAwareness}),
 * sidecar awareness ({@link SidecarAwareness}) and the pod-spec report, and last the HTTP side ({@link AgentHttp}),
 * which shows all of them. A part that reacts to the child subscribes to the supervisor's events; a part that
 * restarts the child is given the supervisor as its {@link io.netmaker.agent.child.ChildControl}.
 *
 * <p>Lifecycle ({@link #run()}), started in this order:
 * <ol>
 *   <li>ports planned (a failure exits 2 before anything starts);</li>
 *   <li>the HTTP server, on its own thread so the child is not held up by Jetty and Micrometer (the agent's metrics
 *       are built once it listens, and child events before that are replayed to them); once it listens,
 *       {@code ports.json} is written and the pod-spec check runs on the cluster's background thread;</li>
 *   <li>the child, under the supervisor, after the start gate (the sidecar wait); once it started, the Kubernetes
 *       watches start on the cluster's background thread. The supervisor runs until the child ends for good.</li>
 * </ol>
 * and stopped in reverse ({@link #shutdown()}), each step with its bound:
 * <ol>
 *   <li>the HTTP server: stopped in the background (Jetty's full stop takes hundreds of milliseconds and frees only
 *       what the process exit frees);</li>
 *   <li>the child liveness probe: at once;</li>
 *   <li>leader awareness: the Lease released if it still names this replica, bounded by
 *       {@code AGENT_LEASE_RELEASE_TIMEOUT};</li>
 *   <li>the cluster: watches and client closed in the background, for the same reason.</li>
 * </ol>
 * The child itself was stopped before, by the supervisor: SIGTERM, then SIGKILL after {@code AGENT_SHUTDOWN_GRACE}.
 * Then the process exits at once: the image's JVM does not wait for threads still in a native call (Jetty's
 * {@code accept} and {@code epoll_wait}, the Kubernetes client's selector), which costs a default JVM up to 300 ms
 * ({@code -XX:UserThreadWaitAttemptsAtExit=0} in {@code deploy/image/jvm.options}).
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final Configuration configuration;
    private final AgentConfig config;
    private final String version;
    private final PortKeeper ports;
    private final ChildLauncher launcher;
    private final Supervisor supervisor;
    private final ChildLiveness childLiveness;
    private final Cluster cluster;
    private final LeaderAwareness leader;
    private final SidecarAwareness sidecar;
    private final PodSpecReport podSpec;
    private final AgentHttp http;
    private final StartGate gate;
    private final List<Runnable> onStart;
    private final OutputStream err;
    private final AtomicBoolean watchesStarted = new AtomicBoolean();

    private Agent(Builder b) {
        configuration = b.configuration;
        config = configuration.core();
        version = b.version;
        err = b.err;
        onStart = List.copyOf(b.onStart);
        String podName = config.ports().podName().orElse(null);
        String namespace = config.election().namespace().orElse(null);

        // ports
        ports = new PortKeeper(config.ports(), b.portCheck, b.loopback, config.stateDir(), Json::pretty);

        // child supervision
        launcher = new ChildLauncher(config, ports);
        supervisor = new Supervisor(config.supervision(), launcher, b.clock,
                new TerminationLog(config.supervision().terminationLog()), b.out, b.err);
        ChildMetrics childMetrics = new ChildMetrics(() -> ports.port(PortRole.CHILD_METRICS),
                config.supervision().childProbeTimeout());
        // the agent took kubelet's liveness job over the child: it probes the child's own /healthz
        childLiveness = new ChildLiveness(config.supervision().liveness(), new ChildProbe(
                () -> ports.port(PortRole.CHILD_PROBE), "/healthz", config.supervision().childProbeTimeout()),
                supervisor, System::nanoTime);
        supervisor.subscribe(new StartupReport());
        supervisor.subscribe(childLiveness);

        // leader awareness, then sidecar awareness (its step-down policy asks whether this replica leads)
        CompositeMeterRegistry partMeters = new CompositeMeterRegistry(); // joins the agent's registry once it exists
        cluster = b.cluster != null ? b.cluster : Cluster.inCluster();
        leader = LeaderAwareness.of(b.configuration.leader(), b.configuration.standby(),
                config.ports().childMetrics(), cluster, childMetrics::read, supervisor, partMeters, b.clock);
        supervisor.subscribe(leader);
        StepDownListener stepDown = leader.standbyHold().<StepDownListener>map(hold -> hold::steppingDown)
                .orElse(StepDownListener.NONE);
        sidecar = new SidecarAwareness(b.configuration.sidecar(), b.configuration.tunnel(), podName, namespace,
                cluster, b.interfaces, supervisor, leader::leading, stepDown, partMeters);
        supervisor.subscribe(sidecar.monitor());
        podSpec = new PodSpecReport(cluster, namespace, podName,
                leader.active() ? b.configuration.leader().leaseName() : null);
        supervisor.subscribe(new ChildListener() {
            @Override
            public void started(long pid) {
                if (watchesStarted.compareAndSet(false, true)) {
                    cluster.background().execute(Agent.this::startWatches);
                }
            }
        });
        gate = b.gate != null ? b.gate : sidecar.gate();

        // HTTP: the probes, /metrics and /status show every part above
        HealthChecks liveness = new HealthChecks();
        liveness.add("restart-budget", () -> {
            if (!supervisor.withinBudget()) {
                throw new IllegalStateException("child restart budget spent");
            }
        });
        b.liveness.forEach(liveness::add);
        HealthChecks readiness = new HealthChecks();
        readiness.add("child", new ChildReadyCheck(() -> ports.port(PortRole.CHILD_PROBE),
                config.supervision().childProbeTimeout()));
        readiness.add("ports", () -> {
            String unresolved = ports.state().unresolvedReason();
            if (unresolved != null) {
                throw new IllegalStateException(unresolved);
            }
        });
        leader.readiness().ifPresent(check -> readiness.add(LeaderReadiness.NAME, check));
        sidecar.readiness().ifPresent(check -> readiness.add(SidecarMonitor.CHECK_NAME, check));
        sidecar.tunnelReadiness().ifPresent(check -> readiness.add(TunnelMonitor.CHECK_NAME, check));
        b.readiness.forEach(readiness::add);
        Map<String, Supplier<Object>> status = new LinkedHashMap<>();
        status.put("version", () -> version);
        status.put("ports", ports.view());
        status.put("election", () -> AgentPlan.electionView(config.election()));
        status.put("child", this::childStatus);
        List<StatusSection> sections = new ArrayList<>(List.of(leader.status(), sidecar.monitor(), sidecar.tunnel(),
                podSpec));
        leader.standbyHold().ifPresent(sections::add);
        sections.addAll(b.sections);
        List<MeterBinder> binders = new ArrayList<>();
        binders.add(partMeters::add);
        binders.addAll(b.meterBinders);
        http = new AgentHttp(version, binders, childMetrics, liveness, readiness, status, sections);
        supervisor.subscribe(http.childEvents());
        b.listeners.forEach(supervisor::subscribe);
        ports.onReplan(http::replanned);
    }

    public static Builder builder(Configuration configuration) {
        return new Builder(configuration);
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
        try {
            return supervisor.run(gate);
        } finally {
            shutdown(); // without waiting for the HTTP start: a child that failed at once must not wait for Jetty
        }
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

    /** Warnings of the pod-spec check (for tests; also in {@code /status}). */
    public List<String> podWarnings() {
        return podSpec.warnings();
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
        cluster.background().execute(() -> podSpec.check(podFacts()));
        sidecar.startTunnel();
        for (Runnable hook : onStart) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("start hook failed error={}", e.toString());
            }
        }
    }

    /** What the agent resolved, for the pod-spec check: the health port as planned and the grace periods. */
    private PodFacts podFacts() {
        PlannedPort health = ports.state().plan().get(PortRole.HEALTH);
        return new PodFacts(health.port(), PortPlanner.HASH_SOURCE.equals(health.source()), health.source(),
                config.supervision().shutdownGrace(), configuration.leader().releaseTimeout(),
                configuration.sidecar().container());
    }

    /** Runs once, on the cluster's background thread, after the child started. */
    private void startWatches() {
        try {
            leader.startWatching();
            sidecar.startWatching();
            cluster.background().scheduleWithFixedDelay(() -> {
                leader.logWatchState();
                sidecar.logWatchState();
            }, 1, 1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.warn("kubernetes watches not started reason={}",
                    ObjectWatch.describe(e));
        }
    }

    private Map<String, Object> childStatus() {
        Supervisor.State s = supervisor.state();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", s.phase().label());
        view.put("pid", s.pid());
        view.put("running", s.running());
        view.put("starts", s.starts());
        view.put("restarts", s.restarts());
        view.put("fastFailures", s.fastFailures());
        view.put("lastExitCode", s.lastExit() == null ? null : s.lastExit().code());
        view.put("lastExitCause", s.lastExit() == null ? null : s.lastExit().cause().label());
        view.put("lastExitReason", s.lastExit() == null ? null : s.lastExit().reason());
        view.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
        view.put("withinRestartBudget", s.withinBudget());
        view.put("dialect", EnvReader.configName(config.dialect()));
        if (launcher.command() != null) {
            view.putAll(AgentPlan.childView(launcher.command()));
        }
        return view;
    }

    /** Stops the long-lived parts in the reverse of their start; the order and bounds are in the class comment. */
    private void shutdown() {
        http.stop();
        childLiveness.close();
        sidecar.close();
        leader.close();
        cluster.close();
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

    /**
     * The agent's surroundings and, for tests, additions to its parts. {@link #build()} reads it and never writes
     * to it: building twice gives two independent agents.
     */
    public static final class Builder {
        private final Configuration configuration;
        private final List<ChildListener> listeners = new ArrayList<>();
        private final List<StatusSection> sections = new ArrayList<>();
        private final List<Runnable> onStart = new ArrayList<>();
        private final List<MeterBinder> meterBinders = new ArrayList<>();
        private final Map<String, Checker> liveness = new LinkedHashMap<>();
        private final Map<String, Checker> readiness = new LinkedHashMap<>();
        private StartGate gate;
        private Cluster cluster;
        private InterfaceLookup interfaces = InterfaceLookup.SYSTEM;
        private Clock clock = Clock.systemUTC();
        private OutputStream out = System.out;
        private OutputStream err = System.err;
        private PortCheck portCheck = new BindingPortCheck();
        private IntSupplier loopback = BindingPortCheck::freeLoopbackPort;
        private String version = "dev";

        private Builder(Configuration configuration) {
            this.configuration = configuration;
        }

        /** The Kubernetes API access (default: in-cluster, made on first use). */
        public Builder cluster(Cluster c) {
            this.cluster = c;
            return this;
        }

        /** The host's network interfaces, for the sidecar's interface check (default: the system's). */
        public Builder interfaces(InterfaceLookup lookup) {
            this.interfaces = lookup;
            return this;
        }

        /** Observes every child start and exit (called on the supervisor's thread). */
        public Builder listener(ChildListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Replaces the sidecar wait gate in front of the first child start (tests). */
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

        public Agent build() {
            return new Agent(this);
        }
    }
}

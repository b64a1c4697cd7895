package io.netmaker.agent.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.netmaker.agent.Agent;
import io.netmaker.agent.AgentExtension;
import io.netmaker.agent.child.ChildControl;
import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.child.StartGate;
import io.netmaker.agent.config.AgentConfig;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.config.Setting;
import io.netmaker.agent.election.ChildIdentity;
import io.netmaker.agent.election.LeaderReadiness;
import io.netmaker.agent.election.LeaderSettings;
import io.netmaker.agent.election.LeaseReleaser;
import io.netmaker.agent.election.LeaseWatch;
import io.netmaker.agent.election.PodNameIdentity;
import io.netmaker.agent.election.ReportedIdentity;
import io.netmaker.agent.election.StandbyHold;
import io.netmaker.agent.election.StandbySettings;
import io.netmaker.agent.http.StatusSection;
import io.netmaker.agent.metrics.ChildMetrics;
import io.netmaker.agent.ports.PortPlanner;
import io.netmaker.agent.ports.PortRole;
import io.netmaker.agent.ports.PortsFile;
import io.netmaker.agent.sidecar.InterfaceLookup;
import io.netmaker.agent.sidecar.LossPolicy;
import io.netmaker.agent.sidecar.SidecarMonitor;
import io.netmaker.agent.sidecar.SidecarSettings;
import io.netmaker.agent.sidecar.SidecarWaitGate;
import io.netmaker.agent.sidecar.StepDownListener;
import io.netmaker.agent.sidecar.TunnelMonitor;
import io.netmaker.agent.sidecar.TunnelSettings;
import io.netmaker.concurrent.DaemonThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition of the agent's Kubernetes part, plugged into the core as one {@link AgentExtension} (listed in
 * {@code Main.extensions()}): the only place that builds the election objects (Lease watch, child identity, fast
 * release, readiness policy), the sidecar objects (pod watch, wait gate, loss policy) and the pod-spec and RBAC
 * warnings, and that connects them to each other and to the core. The core knows none of them.
 *
 * <p>Its collaborators come through the constructor ({@link #inCluster()} gives the production ones): the client
 * factory, the host's interfaces, the clock, the hostname and the one background thread every Kubernetes call and
 * informer start runs on. What it builds depends on settings, so it is built in {@link #contribute}, after
 * {@link #configure} parsed them. It uses exactly these extension points of {@link Agent.Builder}: {@code meters},
 * {@code childMetrics} and {@code childControl} (read), {@code listener} (child start and exit), {@code startGate}
 * (the sidecar wait), {@code readinessCheck} ({@code leader}, {@code sidecar}), {@code statusSection},
 * {@code onStart} (the pod-spec check) and {@code onStop} (release the Lease, stop watching).
 *
 * <p>Nothing here holds the child's start except the sidecar wait gate: the client and the informers are created on
 * the background thread once the child has started (or by the gate, which waits by design).
 */
public final class KubernetesAwareness implements AgentExtension, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesAwareness.class);

    /** Every input this part reads besides the core's, in README order. */
    public static final List<Setting> SETTINGS =
            Stream.of(LeaderSettings.SETTINGS, SidecarSettings.SETTINGS, TunnelSettings.SETTINGS,
                    StandbySettings.SETTINGS).flatMap(List::stream).toList();

    /** How often the child's leader status is read while the identity is learned from it. */
    static final Duration REPORT_PERIOD = Duration.ofMillis(500);

    private final Supplier<KubernetesClient> clientFactory;
    private final InterfaceLookup interfaces;
    private final Clock clock;
    private final Supplier<String> hostname;
    private final ScheduledExecutorService background;
    private final BooleanSupplier stopHttp;
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final AtomicBoolean started = new AtomicBoolean();

    private LeaderSettings leader;
    private SidecarSettings sidecar;
    private TunnelSettings tunnel;
    private StandbySettings standby;
    private String namespace;
    private String podName;
    private Duration shutdownGrace;
    private boolean childMetricsOn;
    private Path stateDir;

    private volatile KubernetesClient client;
    private LeaseWatch leaseWatch;
    private ChildIdentity identity;
    private ReportedIdentity reported;
    private LeaseReleaser releaser;
    private SidecarMonitor sidecarMonitor;
    private TunnelMonitor tunnelMonitor;
    private StandbyHold standbyHold;
    private volatile List<String> podWarnings = List.of();
    /** The last child's exit already ran its (bounded) release: the shutdown does not run a second one. */
    private volatile boolean releasedOnExit;
    private boolean podWatchStarted;

    /**
     * @param clientFactory makes the one client, on first use (never on the child's start path)
     * @param interfaces the host's network interfaces, for the sidecar's interface check
     * @param clock Lease ages and the child identity's timing
     * @param hostname this host's name, the prefix of a controller-runtime child's Lease identity
     * @param background the thread for Kubernetes calls, informer starts and the identity poll; shut down by
     *     {@link #close()}
     */
    public KubernetesAwareness(Supplier<KubernetesClient> clientFactory, InterfaceLookup interfaces, Clock clock,
                               Supplier<String> hostname, ScheduledExecutorService background) {
        this(clientFactory, interfaces, clock, hostname, background, () -> false);
    }

    /**
     * @param stopHttp stops the client's HTTP selector threads at exit, after the Lease release (the JVM's exit
     *     waits for a thread in a native call); see {@link StoppableHttpClients}
     */
    private KubernetesAwareness(Supplier<KubernetesClient> clientFactory, InterfaceLookup interfaces, Clock clock,
                                Supplier<String> hostname, ScheduledExecutorService background,
                                BooleanSupplier stopHttp) {
        this.clientFactory = clientFactory;
        this.interfaces = interfaces;
        this.clock = clock;
        this.hostname = hostname;
        this.background = background;
        this.stopHttp = stopHttp;
    }

    /** Production: the in-cluster client (stoppable HTTP clients), the host interfaces, the system clock, a daemon. */
    public static KubernetesAwareness inCluster() {
        StoppableHttpClients http = new StoppableHttpClients();
        return new KubernetesAwareness(() -> new KubernetesClientBuilder().withHttpClientFactory(http)
                        .withKubernetesSerialization(serialization()).build(),
                InterfaceLookup.SYSTEM, Clock.systemUTC(), LeaderSettings::systemHostname,
                DaemonThreads.scheduled("agent-kubernetes"), http::shutdownNow);
    }

    /**
     * The client's JSON mapping (its one ObjectMapper) without fabric8's registry scan, which loads and instantiates
     * every model class listed for its {@code ServiceLoader} when it first decodes a polymorphic field such as a
     * watch event's object (about 200 classes and 1.9 MiB of metaspace, PodSpec and PodStatus among them). The agent
     * decodes by type everywhere; a watch event's object of a kind not registered is decoded as a generic resource
     * and converted to the watched type by fabric8. {@code Status} is registered for the watches' error events
     * (410 Gone makes the informer list again).
     */
    static KubernetesSerialization serialization() {
        KubernetesSerialization serialization = new KubernetesSerialization(new ObjectMapper(), false);
        serialization.registerKubernetesResource(Status.class);
        return serialization;
    }

    @Override
    public void configure(EnvReader env, AgentConfig core) {
        podName = core.ports().podName().orElse(null);
        namespace = core.election().namespace().orElse(null);
        leader = LeaderSettings.parse(env, core.election(), core.dialect(), core.ports().podName(), hostname.get());
        sidecar = SidecarSettings.parse(env);
        tunnel = TunnelSettings.parse(env);
        standby = StandbySettings.parse(env);
        shutdownGrace = core.supervision().shutdownGrace();
        childMetricsOn = core.ports().childMetrics();
        stateDir = core.stateDir();
    }

    @Override
    public void contribute(Agent.Builder agent) {
        agent.meters(registry::add);
        if (leader.active()) {
            contributeLeader(agent);
        } else {
            agent.statusSection(offSection("leader", leader.inactiveReason()));
        }
        contributeSidecar(agent);
        LOG.info("kubernetes awareness leader={} lease={} readinessPolicy={} sidecarContainer={} interface={}"
                        + " wait={} waitTimeoutMs={} lossPolicy={}",
                leader.active() ? "on" : "off", leader.leaseName(), EnvReader.configName(leader.readinessPolicy()),
                sidecar.container(), sidecar.interfaceName(),
                sidecar.waitForSidecar().map(String::valueOf).orElse("auto"), sidecar.waitTimeout().toMillis(),
                EnvReader.configName(sidecar.lossPolicy()));
        agent.listener(new ChildListener() {
            @Override
            public void started(long pid) {
                background.execute(KubernetesAwareness.this::startWatches);
            }
        });
        agent.statusSection(new StatusSection() {
            @Override
            public String name() {
                return "podSpec";
            }

            @Override
            public Object snapshot() {
                return Map.of("warnings", podWarnings);
            }
        });
        agent.onStart(() -> background.execute(this::checkPodSpec));
        agent.onStop(this);
    }

    /** The Lease watch, the child's identity, the fast release on child exit and the readiness policy. */
    private void contributeLeader(Agent.Builder agent) {
        identity = identity(agent.childMetrics());
        if (reported != null) {
            ChildControl control = agent.childControl();
            reported.onStaleLeader(() -> control.restart("child leads without the Lease"));
        }
        leaseWatch = new LeaseWatch(leader, identity, registry, clock);
        // the releaser may need the client before the background start made it (a child that dies at once)
        releaser = new LeaseReleaser(this::client, leaseWatch::cached, leader, registry, clock);
        standbyHold = new StandbyHold(standby, leaseWatch::liveLeaderElsewhere, registry);
        agent.statusSection(standbyHold);
        agent.listener(new ChildListener() {
            @Override
            public void started(long pid) {
                releasedOnExit = false;
                identity.childStarted(pid);
            }

            @Override
            public void exited(ChildExit exit) {
                LeaseReleaser.Outcome outcome = releaser.release(identity.childExited(),
                        "child exited code=" + exit.code());
                releasedOnExit = true;
                holdForStandby(exit, outcome);
            }
        });
        agent.statusSection(leaseWatch);
        LeaderReadiness.forPolicy(leader.readinessPolicy(), leaseWatch)
                .ifPresent(check -> agent.readinessCheck(LeaderReadiness.NAME, check));
        LOG.info("leader identity rule rule={} lease={}", identity.rule(), leader.leaseName());
        if (!leader.podNameIdentity() && !childMetricsOn) {
            LOG.warn("child metrics are off (AGENT_CHILD_METRICS=false): the child's Lease identity cannot be"
                    + " learned, so the leader state stays unknown and the Lease is never released early");
        }
    }

    /** The sidecar watch (its loss policy asks whether this replica leads), its readiness check and wait gate. */
    private void contributeSidecar(Agent.Builder agent) {
        BooleanSupplier leading = () -> leaseWatch != null && leaseWatch.known() && leaseWatch.leading();
        StepDownListener stepDown = standbyHold == null ? StepDownListener.NONE : standbyHold::steppingDown;
        sidecarMonitor = new SidecarMonitor(sidecar, registry, interfaces, agent.childControl(), leading, stepDown);
        contributeTunnel(agent, leading, stepDown);
        agent.listener(sidecarMonitor);
        agent.statusSection(sidecarMonitor);
        if (sidecar.lossPolicy() == LossPolicy.UNREADY) {
            agent.readinessCheck(SidecarMonitor.CHECK_NAME, sidecarMonitor.readiness());
        }
        if (podName == null || namespace == null) {
            sidecarMonitor.off(podName == null ? "POD_NAME is not set" : "the pod's namespace is unknown");
        } else {
            agent.startGate(gate());
        }
    }

    /** The tunnel watch: local, so on with POD_NAME or an explicitly named interface, API or not. */
    private void contributeTunnel(Agent.Builder agent, BooleanSupplier leading, StepDownListener stepDown) {
        tunnelMonitor = TunnelMonitor.system(tunnel, sidecar, registry, agent.childControl(), leading, stepDown);
        agent.statusSection(tunnelMonitor);
        tunnelMonitor.readiness().ifPresent(check -> agent.readinessCheck(TunnelMonitor.CHECK_NAME, check));
        if (podName != null || tunnel.interfaceExplicit()) {
            agent.onStart(tunnelMonitor::start);
        } else {
            tunnelMonitor.off("POD_NAME is not set and no interface is named (" + SidecarSettings.INTERFACE + ", "
                    + SidecarSettings.IFACE_NAME + ")");
        }
    }

    /** The standby-first hold after a release on child exit (bounded; an interrupt ends it). */
    private void holdForStandby(ChildExit exit, LeaseReleaser.Outcome outcome) {
        try {
            standbyHold.afterRelease(exit, outcome);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * POD_NAME for a child that elects under it; otherwise learned from the child's own leader status, because
     * under hostNetwork every replica on a node has the same hostname prefix.
     */
    private ChildIdentity identity(ChildMetrics childMetrics) {
        if (leader.podNameIdentity()) {
            return new PodNameIdentity(leader.podName());
        }
        String lease = leader.leaseName();
        ReportedIdentity reported = new ReportedIdentity(lease, leader.hostname(), clock,
                () -> childMetrics.read().map(text -> ReportedIdentity.parse(text, lease))
                        .orElse(ReportedIdentity.Reading.UNREADABLE));
        this.reported = reported;
        return reported;
    }

    /** The sidecar wait gate; a fatal timeout refuses the start, so the agent exits 1 through its usual path. */
    private StartGate gate() {
        return new SidecarWaitGate(sidecar, sidecarMonitor, this::startPodWatch);
    }

    private synchronized KubernetesClient client() {
        if (client == null) {
            client = clientFactory.get();
        }
        return client;
    }

    private synchronized void startPodWatch() {
        if (podName != null && namespace != null && sidecarMonitor.declared().isEmpty() && !podWatchStarted) {
            podWatchStarted = true;
            sidecarMonitor.start(client(), namespace, podName);
        }
    }

    /** Runs once, on the background thread, after the child started. */
    private void startWatches() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            if (reported != null) {
                // read the child's leader status at once on every holder change, and twice a second anyway
                leaseWatch.onHolderChange(() -> background.execute(reported::poll));
                background.scheduleWithFixedDelay(reported::poll, 0, REPORT_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (leaseWatch != null) {
                leaseWatch.start(client());
            }
            startPodWatch();
            background.scheduleWithFixedDelay(this::logWatchState, 1, 1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.warn("kubernetes watches not started reason={}", ObjectWatch.describe(e));
        }
    }

    /** Looks at the watches so that losing and regaining the API server is logged even when nobody asks. */
    private void logWatchState() {
        if (leaseWatch != null) {
            leaseWatch.known();
        }
        sidecarMonitor.podWatchLive();
    }

    /** Reads the pod once and warns about a spec that does not fit; missing RBAC is one warning. */
    private void checkPodSpec() {
        if (podName == null || namespace == null) {
            return;
        }
        try {
            KubernetesClient c = client();
            List<AccessCheck.Need> missing = AccessCheck.missing(c, namespace, podName,
                    leader.active() ? leader.leaseName() : null);
            if (!missing.isEmpty()) {
                LOG.warn(AccessCheck.message(missing, namespace, true, leader.active()));
            }
            PodView pod;
            try {
                pod = PodView.of(c.getKubernetesSerialization(), PodView.resource(c, namespace, podName).get());
            } catch (KubernetesClientException e) {
                LOG.warn("pod spec not checked pod={} reason={}", podName, ObjectWatch.describe(e));
                return;
            }
            PodFacts facts = podFacts();
            if (pod != null && facts != null) {
                podWarnings = PodSpecCheck.warnings(pod, facts);
                podWarnings.forEach(w -> LOG.warn("pod spec: {}", w));
            }
        } catch (RuntimeException e) {
            LOG.warn("pod spec not checked reason={}", ObjectWatch.describe(e));
        }
    }

    /** The resolved health port and its source, from the published plan (written before onStart hooks run). */
    private PodFacts podFacts() {
        try {
            JsonNode health = new ObjectMapper().readTree(stateDir.resolve(PortsFile.NAME).toFile())
                    .path("ports").path(PortRole.HEALTH.label());
            String source = health.path("source").asText("unknown");
            return new PodFacts(health.path("port").asInt(), PortPlanner.HASH_SOURCE.equals(source), source,
                    shutdownGrace, leader.releaseTimeout(), sidecar.container());
        } catch (IOException e) {
            LOG.warn("pod spec not checked: ports file unreadable path={}", stateDir.resolve(PortsFile.NAME));
            return null;
        }
    }

    /** Warnings of the pod-spec check, for tests and /status. */
    public List<String> podWarnings() {
        return podWarnings;
    }

    private static StatusSection offSection(String name, String reason) {
        return new StatusSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Object snapshot() {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("state", "off");
                out.put("reason", reason);
                return out;
            }
        };
    }

    /**
     * Graceful agent shutdown: release the Lease if it still names this replica (bounded by its timeout) unless the
     * last child's exit just tried (the exit path waits for one release timeout at most, not two), then stop the
     * HTTP clients (JDK 21+) and leave the watches to the process exit, or on an older JDK stop watching off the exit
     * path: informer and client close take hundreds of milliseconds and free only what the process exit frees anyway.
     */
    @Override
    public void close() {
        if (releaser != null) {
            String bound = identity.childExited();
            if (bound != null && !releasedOnExit) {
                releaser.release(bound, "agent shutdown");
            }
            releaser.close();
        }
        // after the release, which needs the client: the selector thread must be out of epoll_wait by the exit
        if (stopHttp.getAsBoolean()) {
            // the clients are stopped: closing a watch now could not send its close frame (fabric8 logs a warning
            // with a stack trace at every exit); the process exit frees them
            background.shutdownNow();
            return;
        }
        Thread closer = new Thread(this::closeWatches, "kubernetes-close");
        closer.setDaemon(true);
        closer.start();
    }

    private void closeWatches() {
        if (leaseWatch != null) {
            leaseWatch.close();
        }
        if (sidecarMonitor != null) {
            sidecarMonitor.close();
        }
        if (tunnelMonitor != null) {
            tunnelMonitor.close();
        }
        background.shutdownNow();
        KubernetesClient c = client;
        if (c != null) {
            c.close();
        }
    }
}

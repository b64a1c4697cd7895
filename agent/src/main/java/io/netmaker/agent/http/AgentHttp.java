package io.netmaker.agent.http;

import io.javalin.Javalin;
import io.javalin.http.ServiceUnavailableResponse;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.metrics.AgentMetrics;
import io.netmaker.agent.metrics.ChildMetrics;
import io.netmaker.agent.metrics.DeferredChildListener;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortRole;
import io.netmaker.agent.ports.PortState;
import io.netmaker.agent.status.StatusSection;
import io.netmaker.healthz.HealthChecks;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's serving side: its metrics (the agent's registry, then the child's families) and the server of
 * {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code /status}. Built and started off the child's start
 * path (building the metrics there would delay the child's start by about 30 ms: docs/performance.md); child events
 * that happen before the metrics exist are replayed to them. Stopped off the exit path: Jetty's full stop takes
 * hundreds of milliseconds and the process exit frees all of it anyway (the image's JVM does not wait at exit for
 * Jetty's threads in {@code accept} and {@code epoll_wait}: {@code -XX:UserThreadWaitAttemptsAtExit=0} in
 * {@code deploy/image/jvm.options}).
 */
public final class AgentHttp {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHttp.class);
    /** How long a scrape that came before the registry waits for it (it takes tens of ms), then 503. */
    static final Duration METRICS_WAIT = Duration.ofSeconds(5);

    private final String version;
    private final List<MeterBinder> binders;
    private final ChildMetrics childMetrics;
    private final HealthChecks liveness;
    private final HealthChecks readiness;
    private final Map<String, Supplier<Object>> status;
    private final List<StatusSection> sections;
    private final DeferredChildListener childEvents = new DeferredChildListener();
    private final CompletableFuture<AgentMetrics> built = new CompletableFuture<>();
    private volatile AgentMetrics metrics;
    private Javalin server;
    private boolean stopping;

    /** @param status the fixed {@code /status} sections, in order; {@code sections} follow them */
    public AgentHttp(String version, List<MeterBinder> binders, ChildMetrics childMetrics, HealthChecks liveness,
            HealthChecks readiness, Map<String, Supplier<Object>> status, List<StatusSection> sections) {
        this.version = version;
        this.binders = List.copyOf(binders);
        this.childMetrics = childMetrics;
        this.liveness = liveness;
        this.readiness = readiness;
        this.status = status;
        this.sections = List.copyOf(sections);
    }

    /** Child starts and exits for the metrics (held until they exist). */
    public ChildListener childEvents() {
        return childEvents;
    }

    /**
     * Starts the server on the health port, then builds the metrics (a scrape meanwhile waits for them).
     *
     * @param channel the health port, still bound from the port check, or null to bind it
     * @return false when the agent ended while the server started (it is being stopped)
     */
    public boolean start(PortState ports, ServerSocketChannel channel) {
        // the probes first: kubelet waits for them, while a scrape can wait the ~50 ms the registry takes
        Javalin app = AgentServer.create(ports.plan().port(PortRole.HEALTH), channel, liveness, readiness,
                this::scrape, status, sections);
        app.start();
        synchronized (this) {
            server = app;
            if (stopping) {
                stopInBackground(app);
                return false;
            }
        }
        LOG.info("http server listening port={}", app.port());
        AgentMetrics m = new AgentMetrics(version);
        m.publish(ports.plan());
        m.registerConflictCounters(ports.plan());
        ports.conflicts().forEach(m::conflict);
        binders.forEach(binder -> binder.bindTo(m.registry()));
        childMetrics.bindTo(m.registry());
        childEvents.attach(m);
        metrics = m;
        built.complete(m);
        return true;
    }

    /** The agent's families, then the child's; waits (bounded) for the registry the server's start came before. */
    private String scrape() {
        AgentMetrics m;
        try {
            m = built.get(METRICS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ServiceUnavailableResponse("metrics not ready");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableResponse("metrics not ready");
        }
        return childMetrics.appendTo(m.scrape());
    }

    /** Shows a new plan in the metrics (after a re-plan). */
    public void replanned(PortPlan plan) {
        AgentMetrics m = metrics;
        if (m != null) {
            m.publish(plan);
            plan.conflicts().forEach(m::conflict);
        }
    }

    /** The port the server listens on; -1 before it started. */
    public synchronized int port() {
        return server == null ? -1 : server.port();
    }

    /** Starts stopping the server (now, or as soon as it has started) and returns at once. */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (server != null) {
            stopInBackground(server);
        }
    }

    private static void stopInBackground(Javalin app) {
        Thread t = new Thread(() -> {
            try {
                app.stop();
            } catch (RuntimeException e) {
                LOG.debug("http server stop failed error={}", e.toString());
            }
        }, "agent-http-stop");
        t.setDaemon(true);
        t.start();
    }
}

package io.netmaker.agent.http;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netmaker.agent.child.ChildListener;
import io.netmaker.agent.metrics.AgentMetrics;
import io.netmaker.agent.metrics.ChildMetrics;
import io.netmaker.agent.metrics.DeferredChildListener;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortRole;
import io.netmaker.agent.ports.PortState;
import io.netmaker.healthz.HealthChecks;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's serving side: its metrics (the agent's registry, then the child's families) and the server of
 * {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code /status}. Built and started off the child's start
 * path; child events that happen before the metrics exist are replayed to them.
 */
public final class AgentHttp {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHttp.class);

    private final String version;
    private final List<MeterBinder> binders;
    private final ChildMetrics childMetrics;
    private final HealthChecks liveness;
    private final HealthChecks readiness;
    private final Map<String, Supplier<Object>> status;
    private final List<StatusSection> sections;
    private final DeferredChildListener childEvents = new DeferredChildListener();
    private final ServerStop stop = new ServerStop();
    private volatile AgentMetrics metrics;
    private volatile Javalin server;

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
     * Builds the metrics and starts the server on the health port.
     *
     * @param channel the health port, still bound from the port check, or null to bind it
     * @return false when the agent ended while the server started (it is being stopped)
     */
    public boolean start(PortState ports, ServerSocketChannel channel) {
        AgentMetrics m = new AgentMetrics(version);
        m.publish(ports.plan());
        m.registerConflictCounters(ports.plan());
        ports.conflicts().forEach(m::conflict);
        binders.forEach(binder -> binder.bindTo(m.registry()));
        childMetrics.bindTo(m.registry());
        childEvents.attach(m);
        metrics = m;
        Javalin app = AgentServer.create(ports.plan().port(PortRole.HEALTH), channel, liveness, readiness,
                () -> childMetrics.appendTo(m.scrape()), status, sections);
        app.start();
        if (!stop.started(app)) {
            return false;
        }
        server = app;
        LOG.info("http server listening port={}", app.port());
        return true;
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
    public int port() {
        Javalin s = server;
        return s == null ? -1 : s.port();
    }

    /** Stops the server off the exit path (now, or as soon as it has started). */
    public void stop() {
        stop.stop();
    }

    /** After {@link #stop()}: waits at most {@code bound} for the connectors to close (see {@link ServerStop}). */
    public void awaitConnectorsClosed(Duration bound) {
        stop.awaitConnectorsClosed(bound);
    }
}

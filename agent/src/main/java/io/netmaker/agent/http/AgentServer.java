package io.netmaker.agent.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.netmaker.agent.status.StatusSection;
import io.netmaker.healthz.HealthChecks;
import io.netmaker.healthz.HealthEndpoint;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds (does not start) the agent's HTTP server: /healthz and /readyz exactly as controller-runtime serves them
 * (every method, 301 for unclean paths), /metrics and /status for GET and HEAD only.
 */
public final class AgentServer {
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final int MAX_THREADS = 6;
    private static final int MIN_THREADS = 3;
    private static final Duration IDLE = Duration.ofSeconds(60);
    /**
     * Jetty pads a queue by references per cache line; without this property it creates the JVM's platform MBean
     * server (JMX and the JFR commands: about 250 classes and 2 MiB) only to ask whether oops are compressed. 16 is
     * a 64-byte line of 4-byte references, i.e. compressed oops (heaps under 32 GB, such as the agent's).
     */
    static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    static {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
        }
    }

    private AgentServer() {}

    /**
     * @param channel an already bound channel for the port (handed over from the port check), or null to bind
     *     {@code port} (0 picks a free one, for tests)
     * @param status the fixed sections of /status (plan, child, ...), rendered in order
     * @param extra sections added by other parts
     */
    public static Javalin create(int port, ServerSocketChannel channel, HealthChecks liveness, HealthChecks readiness,
            Supplier<String> metrics, Map<String, Supplier<Object>> status, List<StatusSection> extra) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = 8 * 1024;
            cfg.jetty.threadPool = threadPool();
            cfg.jetty.addConnector((server, http) -> new SmallConnector(server, http, port, channel));
            HealthEndpoint.installServeMuxRules(cfg.routes);
            cfg.routes.before(AgentServer::onlyGetAndHead);
            new HealthEndpoint("/healthz", liveness).install(cfg.routes);
            new HealthEndpoint("/readyz", readiness).install(cfg.routes);
            cfg.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.get()));
            cfg.routes.head("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT));
            cfg.routes.get("/status", ctx -> ctx.json(statusDocument(status, extra)));
            cfg.routes.head("/status", ctx -> ctx.contentType("application/json"));
        });
    }

    static Map<String, Object> statusDocument(Map<String, Supplier<Object>> status, List<StatusSection> extra) {
        Map<String, Object> doc = new LinkedHashMap<>();
        status.forEach((name, section) -> doc.put(name, section.get()));
        for (StatusSection section : extra) {
            Object snapshot;
            try {
                snapshot = section.snapshot();
            } catch (RuntimeException e) {
                snapshot = Map.of("error", e.getClass().getSimpleName());
            }
            doc.put(section.name(), snapshot);
        }
        return doc;
    }

    private static void onlyGetAndHead(Context ctx) {
        HandlerType method = ctx.method();
        if (HealthEndpoint.isProbePath(ctx.path(), "/healthz", "/readyz") && HealthEndpoint.METHODS.contains(method)) {
            return;
        }
        if (method != HandlerType.GET && method != HandlerType.HEAD) {
            ctx.header("Allow", "GET, HEAD");
            ctx.status(HttpStatus.METHOD_NOT_ALLOWED).result("method not allowed\n");
            ctx.skipRemainingHandlers();
        }
    }

    /**
     * A few probes and one scrape at a time: a small bounded pool instead of Javalin's 8-250 threads (issue 12).
     * The one acceptor and one selector of {@link SmallConnector} lease two of its threads.
     */
    static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, (int) IDLE.toMillis());
        pool.setName("agent-http");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        return pool;
    }

    /**
     * One acceptor and one selector whatever the node's core count (Jetty's defaults grow with it), accepting on a
     * channel bound before Jetty started (so nobody took the port meanwhile) or, without one, binding {@code port}.
     */
    private static final class SmallConnector extends ServerConnector {
        private final ServerSocketChannel channel;

        SmallConnector(Server server, HttpConfiguration http, int port, ServerSocketChannel channel) {
            super(server, 1, 1, new HttpConnectionFactory(http));
            this.channel = channel;
            setPort(port);
        }

        @Override
        protected ServerSocketChannel openAcceptChannel() throws IOException {
            return channel != null ? channel : super.openAcceptChannel();
        }
    }
}

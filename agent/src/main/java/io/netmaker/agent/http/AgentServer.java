package io.netmaker.agent.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.netmaker.healthz.HealthChecks;
import io.netmaker.healthz.HealthEndpoint;
import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Builds (does not start) the agent's HTTP server: /healthz and /readyz exactly as controller-runtime serves them
 * (every method, 301 for unclean paths), /metrics and /status for GET and HEAD only.
 */
public final class AgentServer {
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

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
            if (channel != null) {
                cfg.jetty.addConnector((server, http) -> new HandedOverConnector(server, http, channel));
            } else {
                cfg.jetty.port = port;
            }
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

    /** A Jetty connector that accepts on a channel bound before Jetty started (so nobody took the port meanwhile). */
    private static final class HandedOverConnector extends ServerConnector {
        private final ServerSocketChannel channel;

        HandedOverConnector(Server server, HttpConfiguration http, ServerSocketChannel channel) {
            super(server, new HttpConnectionFactory(http));
            this.channel = channel;
        }

        @Override
        protected ServerSocketChannel openAcceptChannel() {
            return channel;
        }
    }
}

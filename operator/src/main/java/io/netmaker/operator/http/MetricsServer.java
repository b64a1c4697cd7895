package io.netmaker.operator.http;

import io.javalin.Javalin;
import io.netmaker.operator.config.BindAddress;
import io.netmaker.operator.metrics.OperatorMetrics;

/** controller-runtime's metrics server: Prometheus text on {@code /metrics}. */
public final class MetricsServer {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsServer() {
    }

    public static Javalin app(OperatorMetrics metrics) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.scrape()));
        });
    }

    public static Javalin start(BindAddress address, OperatorMetrics metrics) {
        return Servers.start(app(metrics), address);
    }
}

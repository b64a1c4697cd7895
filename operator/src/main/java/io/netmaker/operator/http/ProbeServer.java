package io.netmaker.operator.http;

import io.javalin.Javalin;
import io.netmaker.healthz.HealthChecks;
import io.netmaker.healthz.HealthEndpoint;
import io.netmaker.operator.config.BindAddress;

/** controller-runtime's health probe server: {@code /healthz} and {@code /readyz} from the shared common module. */
public final class ProbeServer {
    private ProbeServer() {
    }

    /** The app, not started, so tests drive it with JavalinTest. */
    public static Javalin app(HealthChecks liveness, HealthChecks readiness) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            HealthEndpoint.installServeMuxRules(cfg.routes);
            new HealthEndpoint("/healthz", liveness).install(cfg.routes);
            new HealthEndpoint("/readyz", readiness).install(cfg.routes);
        });
    }

    public static Javalin start(BindAddress address, HealthChecks liveness, HealthChecks readiness) {
        return Servers.start(app(liveness, readiness), address);
    }
}

package io.netmaker.healthz;

import io.javalin.Javalin;
import io.netmaker.healthz.conformance.ConformanceSuite;
import io.netmaker.healthz.conformance.ControllerRuntimeCases;

/** The shared module on a bare Javalin server answers controller-runtime's cases. */
class HealthEndpointConformanceTest extends ConformanceSuite {
    @Override
    protected Javalin startServer() {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.port = 0;
            HealthEndpoint.installServeMuxRules(cfg.routes);
            new HealthEndpoint("/healthz", ControllerRuntimeCases.LIVENESS).install(cfg.routes);
            new HealthEndpoint("/readyz", ControllerRuntimeCases.READINESS).install(cfg.routes);
        }).start();
    }
}

package io.netmaker.operator.http;

import io.javalin.Javalin;
import io.netmaker.healthz.conformance.ConformanceSuite;
import io.netmaker.healthz.conformance.ControllerRuntimeCases;

/** The operator's probe server answers controller-runtime's healthz cases on /healthz and /readyz. */
class ProbeConformanceTest extends ConformanceSuite {
    @Override
    protected Javalin startServer() {
        return ProbeServer.app(ControllerRuntimeCases.LIVENESS, ControllerRuntimeCases.READINESS).start("127.0.0.1", 0);
    }
}

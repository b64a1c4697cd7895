package io.netmaker.agent.http;

import io.javalin.Javalin;
import io.netmaker.healthz.conformance.ConformanceSuite;
import io.netmaker.healthz.conformance.ControllerRuntimeCases;
import java.util.List;
import java.util.Map;

/** The agent's HTTP server answers controller-runtime's healthz cases on /healthz and /readyz. */
class ProbeConformanceTest extends ConformanceSuite {
    @Override
    protected Javalin startServer() {
        return AgentServer.create(0, null, ControllerRuntimeCases.LIVENESS, ControllerRuntimeCases.READINESS,
                () -> "", Map.of(), List.of()).start();
    }
}

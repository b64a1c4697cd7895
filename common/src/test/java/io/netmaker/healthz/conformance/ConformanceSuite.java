package io.netmaker.healthz.conformance;

import io.javalin.Javalin;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays {@link ControllerRuntimeCases} against a started server that serves {@link ControllerRuntimeCases#LIVENESS}
 * on /healthz and {@link ControllerRuntimeCases#READINESS} on /readyz; subclasses build that server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceSuite {
    private Javalin app;

    /** The server under test, started on a free port. */
    protected abstract Javalin startServer();

    @BeforeAll
    void start() {
        app = startServer();
    }

    @AfterAll
    void stop() {
        app.stop();
    }

    List<ControllerRuntimeCases.Case> cases() {
        return ControllerRuntimeCases.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersLikeControllerRuntime(ControllerRuntimeCases.Case c) throws IOException {
        ControllerRuntimeCases.assertConforms(app.port(), c);
    }
}

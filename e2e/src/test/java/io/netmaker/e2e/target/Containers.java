package io.netmaker.e2e.target;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.netmaker.e2e.containers.Engine;
import io.netmaker.e2e.sandbox.SandboxOptions;
import java.nio.file.Path;

/** What the container scenarios need: the engine and the images of {@code make images}. */
public final class Containers {
    public static final Path REPO = Path.of(System.getProperty("repo.root",
            SandboxOptions.findRepoRoot(Path.of("")).toString())).toAbsolutePath().normalize();

    private Containers() {}

    /** The engine, or the test is skipped with one line (failed under {@code CI=true}). */
    public static Engine require() {
        try {
            return Engine.load(REPO);
        } catch (Engine.Unavailable e) {
            if ("true".equals(System.getenv("CI"))) {
                fail(e.getMessage());
            }
            System.out.println("SKIPPED container E2E: " + e.getMessage());
            abort(e.getMessage());
            throw e;
        }
    }
}

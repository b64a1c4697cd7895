package io.netmaker.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image's {@code /app} outside a container, laid out as {@code deploy/image/Dockerfile} does: the jars,
 * {@code jvm.options} and the scripts {@code bin/aot-train} runs with ({@code bin/probe} calls the agent's endpoints
 * in the agent's training run). Used by the footprint bench and {@code AotCacheIT}.
 */
public final class ImageApp {
    private static final String[] SCRIPTS = {"aot-train", "probe"};

    private ImageApp() {}

    /**
     * @param image the repository's {@code deploy/image}
     * @param operatorJar the operator's jar, or null for an app without it (aot-train then skips its cache)
     */
    public static void layOut(Path image, Path app, Path agentJar, Path operatorJar) throws IOException {
        Files.createDirectories(app.resolve("bin"));
        Files.copy(agentJar, app.resolve("agent.jar"));
        if (operatorJar != null) {
            Files.copy(operatorJar, app.resolve("operator.jar"));
        }
        Files.copy(image.resolve("jvm.options"), app.resolve("jvm.options"));
        for (String script : SCRIPTS) {
            Files.copy(image.resolve("bin/" + script), app.resolve("bin/" + script));
        }
    }
}

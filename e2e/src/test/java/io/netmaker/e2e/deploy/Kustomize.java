package io.netmaker.e2e.deploy;

import io.netmaker.e2e.sandbox.RealApiServer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Renders kustomizations with {@code kubectl kustomize}, as {@code kubectl apply -k} would. */
public final class Kustomize {
    static final String KUBECTL_MISSING = "kubectl is not on PATH: the deploy manifest tests render deploy/ with"
            + " `kubectl kustomize` (kubectl 1.27+ embeds kustomize v5). Install kubectl or put it on PATH.";

    private Kustomize() {}

    /**
     * Skips the calling test class with one line when kubectl is not on PATH, except under {@code CI=true}, where
     * it fails (CI must run the manifest tests).
     */
    public static void requireKubectl() {
        boolean found = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl")));
        io.netmaker.testing.Requires.that(found, KUBECTL_MISSING);
    }

    /** The repository root: the nearest directory upwards that holds deploy/base/kustomization.yaml. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/base/kustomization.yaml"))) {
                return dir;
            }
        }
        throw new AssertionError("repository root with deploy/base/kustomization.yaml not found above "
                + Path.of("").toAbsolutePath());
    }

    public static String render(Path kustomization) {
        try {
            return RealApiServer.kustomize(kustomization);
        } catch (UncheckedIOException e) {
            throw new AssertionError(KUBECTL_MISSING, e);
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}

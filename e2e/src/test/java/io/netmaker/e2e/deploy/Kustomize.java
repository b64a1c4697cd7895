package io.netmaker.e2e.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
        if (!found) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(KUBECTL_MISSING + " CI=true requires the manifest tests.");
            }
            org.junit.jupiter.api.Assumptions.abort(KUBECTL_MISSING);
        }
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
        Process process;
        Path stderr;
        try {
            stderr = Files.createTempFile("kustomize", ".err");
            process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                    .redirectError(stderr.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError(KUBECTL_MISSING, e);
        }
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("kubectl kustomize " + kustomization + " did not finish in 60s");
            }
            String err = Files.readString(stderr);
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomization + " failed (exit "
                        + process.exitValue() + "): " + err);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("reading kubectl kustomize output failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            process.destroyForcibly();
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException ignored) {
                // a temp file; nothing to do
            }
        }
    }
}

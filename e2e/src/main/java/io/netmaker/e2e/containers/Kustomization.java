package io.netmaker.e2e.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize}, as {@code kubectl apply -k} would. */
public final class Kustomization {
    /** What is missing when kubectl cannot be started. */
    public static final String KUBECTL_MISSING = "kubectl is not on PATH: deploy/ is rendered with"
            + " `kubectl kustomize` (kubectl 1.27+ embeds kustomize v5). Install kubectl or put it on PATH.";

    private Kustomization() {}

    /** The rendered YAML; an {@link IllegalStateException} with kubectl's error when it fails. */
    public static String render(Path kustomization) {
        Process process;
        Path stderr;
        try {
            stderr = Files.createTempFile("kustomize", ".err");
            process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                    .redirectError(stderr.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(KUBECTL_MISSING, e);
        }
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("kubectl kustomize " + kustomization + " did not finish in 60s");
            }
            String err = Files.readString(stderr);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomization + " failed (exit "
                        + process.exitValue() + "): " + err);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("reading kubectl kustomize output failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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

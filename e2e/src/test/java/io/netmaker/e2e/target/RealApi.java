package io.netmaker.e2e.target;

import io.netmaker.e2e.sandbox.KubeApi;
import io.netmaker.e2e.sandbox.RealApiServer;
import io.netmaker.e2e.sandbox.SandboxOptions;
import io.netmaker.testing.Requires;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a scenario on the real API server needs: {@code testapiserver} and {@code etcd} (make go-peers) and kubectl
 * (to render deploy/base as shipped). Missing: the test skips with one line, fails under CI=true.
 */
public final class RealApi {
    /** The namespace of the shipped manifests (deploy/base), where the sandbox runs on the real server. */
    public static final String NAMESPACE = "netmaker";

    private static volatile String manifests;

    private RealApi() {}

    /** deploy/base rendered by kubectl kustomize (what {@link #require()} applies). */
    public static String manifests() {
        if (manifests == null) {
            manifests = RealApiServer.kustomize(repoRoot().resolve("deploy/base"));
        }
        return manifests;
    }

    public static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", SandboxOptions.findRepoRoot(Path.of("")).toString()))
                .toAbsolutePath().normalize();
    }

    /** A starter of the real server with deploy/base's ServiceAccount and RBAC applied as shipped. */
    public static KubeApi.Starter require() {
        Path bin = RealApiServer.binDir(repoRoot());
        Optional<String> missing = RealApiServer.missing(bin);
        Requires.that(missing.isEmpty(), "API server E2E: " + missing.orElse(""));
        boolean kubectl = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl")));
        Requires.that(kubectl, "API server E2E: kubectl not on PATH (renders deploy/base for the API server's RBAC)");
        return RealApiServer.starter(bin, manifests());
    }
}

package io.netmaker.e2e.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * The sandbox's Kubernetes API: the fabric8 mock ({@link ApiServer}, {@code mock}) or the suite's real API server
 * with etcd and RBAC ({@link RealApiServer}, {@code apiserver}).
 */
public interface KubeApi extends AutoCloseable {
    /** {@code mock} or {@code apiserver}: names the API server in reports. */
    String name();

    String url();

    /** The kubeconfig the agents and operators use (on the real server: their ServiceAccount's identity). */
    Path kubeconfig();

    /** A kubeconfig that may do everything (for kubectl and flip-sidecar; the mock's is the only one). */
    default Path adminKubeconfig() {
        return kubeconfig();
    }

    /** The harness's client (on the real server: an administrator, group {@code system:masters}), owned by this. */
    KubernetesClient client();

    @Override
    void close();

    /** How a sandbox starts its API in {@code workDir} for {@code namespace}. */
    @FunctionalInterface
    interface Starter {
        KubeApi start(Path workDir, int port, String namespace);
    }
}

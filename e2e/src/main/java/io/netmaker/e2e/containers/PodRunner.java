package io.netmaker.e2e.containers;

import io.fabric8.kubernetes.api.model.Container;
import io.netmaker.e2e.sandbox.ApiServer;
import io.netmaker.e2e.sandbox.Kubeconfig;
import io.netmaker.e2e.sandbox.PodKubelet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs containers of a pod template as a kubelet would, against a mock API server: the Pod object (Running, its
 * sidecar ready), a kubeconfig for the API as the pod reaches it, the service account's namespace file, then the
 * engine's {@code run} of {@link PodContainer#runArgs}. Shared by the E2E suite's docker target and {@code make bench}.
 */
public final class PodRunner {
    private static final Duration CLI = Duration.ofSeconds(60);

    private final Engine engine;
    private final PodTemplate template;
    private final ApiServer api;
    private final PodKubelet kubelet;
    private final Path work;
    private final Path namespaceFile;

    /** {@code work} holds the kubeconfigs and the namespace file; the API serves {@code namespace}. */
    public PodRunner(Engine engine, PodTemplate template, ApiServer api, String namespace, Path work) {
        this.engine = engine;
        this.template = template;
        this.api = api;
        this.kubelet = new PodKubelet(api.client(), namespace);
        this.work = work;
        this.namespaceFile = work.resolve("namespace");
        try {
            Files.writeString(namespaceFile, namespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PodTemplate template() {
        return template;
    }

    public PodKubelet kubelet() {
        return kubelet;
    }

    /**
     * Creates {@code pod}'s Pod object, then runs {@code container} (the template's agent, or a variant of it) as
     * the container {@code name} from {@code image}; the pod reaches the API server at {@code apiHost}.
     */
    public void run(PodContainer pod, Container container, String name, String image, String apiHost) {
        kubelet.createRunning(pod.podName(), pod.podIp());
        Path kubeconfig = work.resolve(pod.podName() + ".kubeconfig");
        try {
            Files.writeString(kubeconfig, Kubeconfig.render("http://" + apiHost + ":" + api.port(),
                    pod.namespace()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        engine.ok(CLI, pod.runArgs(template.spec(), container, name, image, kubeconfig, namespaceFile));
    }
}

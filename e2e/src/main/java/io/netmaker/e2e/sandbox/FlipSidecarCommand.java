package io.netmaker.e2e.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox flip-sidecar}: sets (or toggles) a Pod's netclient readiness through the sandbox's API server. */
@Command(name = "flip-sidecar", mixinStandardHelpOptions = true,
        description = "Sets or toggles the netclient container's readiness in a sandbox Pod's status, like a kubelet.")
final class FlipSidecarCommand implements Callable<Integer> {
    @Option(names = "--kubeconfig", required = true, description = "The kubeconfig the running sandbox printed.")
    Path kubeconfig;

    @Option(names = "--namespace", defaultValue = "netmaker-sandbox", description = "Namespace (default ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--ready", arity = "1", description = "true or false; toggles when absent.")
    Boolean ready;

    @Parameters(index = "0", description = "The Pod name.")
    String pod;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(kubeconfig)) {
            System.err.println("flip-sidecar: no kubeconfig at " + kubeconfig + " (use the path the running sandbox prints)");
            return 2;
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Kubeconfig.clientConfig(kubeconfig)).build()) {
            PodKubelet kubelet = new PodKubelet(client, namespace);
            if (client.pods().inNamespace(namespace).withName(pod).get() == null) {
                String pods = client.pods().inNamespace(namespace).list().getItems().stream()
                        .map(p -> p.getMetadata().getName()).sorted().collect(Collectors.joining(", "));
                System.err.println("flip-sidecar: no pod " + namespace + "/" + pod + " (pods: "
                        + (pods.isEmpty() ? "none" : pods) + ")");
                return 2;
            }
            boolean target = ready != null ? ready : !kubelet.sidecarReady(pod);
            kubelet.setSidecarReady(pod, target);
            System.out.println(pod + " netclient ready=" + target);
            return 0;
        } catch (KubernetesClientException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("flip-sidecar: no answer from the sandbox's API server (" + cause.getMessage()
                    + "); is `make run` still running?");
            return 1;
        }
    }
}

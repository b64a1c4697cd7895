package io.netmaker.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operator's egress Service controller end to end: a Service annotated {@code netmaker.io/egress} gets a proxy
 * pod and an EndpointSlice that follows the pod's IP (written through pods/status, as a kubelet would); removing the
 * annotation removes both.
 */
public final class EgressScenario {
    private EgressScenario() {}

    public static void run(KubernetesClient client, String ns, String service, Duration wait) {
        String proxyPod = service + "-egress-proxy";
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(service)
                .withNamespace(ns).withAnnotations(Map.of("netmaker.io/egress", "enabled",
                        "netmaker.io/egress-target-ip", "10.101.0.7")).endMetadata()
                .withNewSpec().addNewPort().withName("main").withPort(80).withProtocol("TCP").endPort().endSpec()
                .build()).create();
        Pod pod = await("proxy pod " + proxyPod).atMost(wait).until(
                () -> client.pods().inNamespace(ns).withName(proxyPod).get(), p -> p != null);
        setPodIp(client, pod, "10.244.1.9");
        await("EndpointSlice " + service).atMost(wait).until(() -> slice(client, ns, service) != null);
        setPodIp(client, client.pods().inNamespace(ns).withName(proxyPod).get(), "10.244.1.10");
        await("the EndpointSlice follows the pod's IP").atMost(wait).until(() -> slice(client, ns, service)
                .getEndpoints().get(0).getAddresses().equals(List.of("10.244.1.10")));
        client.services().inNamespace(ns).withName(service).edit(s -> new ServiceBuilder(s).editMetadata()
                .removeFromAnnotations("netmaker.io/egress").endMetadata().build());
        await("proxy pod and EndpointSlice removed").atMost(wait).until(() -> client.pods().inNamespace(ns)
                .withName(proxyPod).get() == null && slice(client, ns, service) == null);
    }

    private static EndpointSlice slice(KubernetesClient client, String ns, String service) {
        return client.discovery().v1().endpointSlices().inNamespace(ns).withName(service).get();
    }

    private static void setPodIp(KubernetesClient client, Pod pod, String ip) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(new PodBuilder(pod).editOrNewStatus()
                .withPodIP(ip).endStatus().build()).updateStatus();
    }
}

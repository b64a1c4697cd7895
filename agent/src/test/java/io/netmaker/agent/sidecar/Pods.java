package io.netmaker.agent.sidecar;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Pod fixtures: the agent's pod with or without a netclient sidecar. */
final class Pods {
    static final String NS = "test";
    static final String NAME = "operator-7d9f-abcde";

    private Pods() {}

    static SidecarSettings settings(LossPolicy policy) {
        return new SidecarSettings("netclient", "netmaker", Optional.empty(), Duration.ofSeconds(120), false,
                policy, Duration.ofMillis(50));
    }

    /** The agent's pod; with {@code sidecar} a regular netclient container, not ready yet. */
    static Pod create(KubernetesClient client, boolean sidecar) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(NAME).withNamespace(NS).endMetadata()
                .withNewSpec().addNewContainer().withName("operator").withImage("operator").endContainer().endSpec();
        if (sidecar) {
            pod.editSpec().addNewContainer().withName("netclient").withImage("netclient").endContainer().endSpec();
        }
        return client.pods().inNamespace(NS).resource(pod.build()).create();
    }

    static ContainerStatus status(boolean ready, int restarts, String waiting) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName("netclient").withReady(ready)
                .withRestartCount(restarts);
        if (waiting != null) {
            status.withNewState().withNewWaiting().withReason(waiting).endWaiting().endState();
        } else {
            status.withNewState().withNewRunning().endRunning().endState();
        }
        return status.build();
    }

    static void sidecarStatus(KubernetesClient client, boolean ready, int restarts, String waiting) {
        client.pods().inNamespace(NS).withName(NAME).editStatus(p -> new PodBuilder(p).editOrNewStatus()
                .withContainerStatuses(List.of(status(ready, restarts, waiting))).endStatus().build());
    }
}

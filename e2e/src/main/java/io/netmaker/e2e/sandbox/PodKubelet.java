package io.netmaker.e2e.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;

/**
 * Plays the kubelet for the sandbox's Pod objects: creates each replica's Pod (a {@code manager} and a
 * {@code netclient} container, {@code hostNetwork: true}) and writes its status: Running, containers started and
 * ready, and the {@code netclient} readiness on demand.
 */
public final class PodKubelet {
    public static final String MANAGER = "manager";
    public static final String SIDECAR = "netclient";
    public static final String APP_LABEL = "app.kubernetes.io/name";
    public static final String APP = "netmaker-operator";

    private final KubernetesClient client;
    private final String namespace;

    public PodKubelet(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Creates (or replaces) the Pod {@code name} and marks it Running with both containers ready. */
    public void createRunning(String name, String ip) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(APP_LABEL, APP).endMetadata()
                .withNewSpec()
                    .withHostNetwork(true)
                    .withNodeName("sandbox")
                    .addNewContainer().withName(MANAGER).withImage("netmaker-agent:sandbox").endContainer()
                    .addNewContainer().withName(SIDECAR).withImage("gravitl/netclient:sandbox").endContainer()
                .endSpec()
                .build();
        client.pods().inNamespace(namespace).resource(pod).createOr(existing -> existing.update());
        writeStatus(name, ip, true);
    }

    /** Sets the {@code netclient} container's readiness (and the Pod's Ready condition with it), like a kubelet would. */
    public void setSidecarReady(String name, boolean ready) {
        Pod pod = get(name);
        String ip = pod.getStatus() == null ? "127.0.0.1" : pod.getStatus().getPodIP();
        writeStatus(name, ip, ready);
    }

    public boolean sidecarReady(String name) {
        Pod pod = get(name);
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses().stream()
                .anyMatch(s -> SIDECAR.equals(s.getName()) && Boolean.TRUE.equals(s.getReady()));
    }

    private Pod get(String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod == null) {
            throw new IllegalArgumentException("no pod " + namespace + "/" + name);
        }
        return pod;
    }

    private void writeStatus(String name, String ip, boolean sidecarReady) {
        String now = Instant.now().toString();
        List<ContainerStatus> containers = List.of(
                container(MANAGER, true, now),
                container(SIDECAR, sidecarReady, now));
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", true, now),
                condition("Initialized", true, now),
                condition("ContainersReady", sidecarReady, now),
                condition("Ready", sidecarReady, now));
        for (int attempt = 1; ; attempt++) {
            Pod pod = get(name);
            pod.setStatus(new PodStatusBuilder()
                    .withPhase("Running")
                    .withHostIP(ip)
                    .withPodIP(ip)
                    .addNewPodIP().withIp(ip).endPodIP()
                    .withStartTime(pod.getMetadata().getCreationTimestamp())
                    .withConditions(conditions)
                    .withContainerStatuses(containers)
                    .build());
            try {
                client.pods().inNamespace(namespace).resource(pod).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private static ContainerStatus container(String name, boolean ready, String since) {
        return new ContainerStatusBuilder()
                .withName(name)
                .withImage(name.equals(MANAGER) ? "netmaker-agent:sandbox" : "gravitl/netclient:sandbox")
                .withImageID("")
                .withContainerID("sandbox://" + name)
                .withReady(ready)
                .withStarted(true)
                .withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(since).endRunning().endState()
                .build();
    }

    private static PodCondition condition(String type, boolean status, String since) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status ? "True" : "False")
                .withLastTransitionTime(since)
                .build();
    }
}

package io.netmaker.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodSpecCheckTest {
    private static final PodFacts HASHED = new PodFacts(8123, true, "hash(POD_NAME)", Duration.ofSeconds(8),
            Duration.ofSeconds(2), "netclient");
    private static final PodFacts FIXED = new PodFacts(8081, false, "default", Duration.ofSeconds(8),
            Duration.ofSeconds(2), "netclient");

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("op-1").addNewOwnerReference().withKind("ReplicaSet")
                .withName("op-7d9f").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("operator").endContainer()
                .addNewContainer().withName("netclient").addNewPort().withName("health").withContainerPort(9999)
                .endPort().endContainer().endSpec();
    }

    private static List<String> warnings(Pod pod, PodFacts facts) {
        return PodSpecCheck.warnings(PodViews.of(pod), facts);
    }

    @Test
    void aFittingPodHasNoWarnings() {
        Pod pod = pod().editSpec().editFirstContainer().addNewPort().withName("health").withContainerPort(8123)
                .endPort().withNewReadinessProbe().withNewHttpGet().withPath("/readyz")
                .withPort(new IntOrString("health")).endHttpGet().endReadinessProbe().endContainer()
                .withHostNetwork(true).endSpec().build();
        assertThat(warnings(pod, HASHED)).isEmpty();
    }

    @Test
    void warnsAboutAHealthPortOrProbeOnAnotherPort() {
        Pod pod = pod().editSpec().editFirstContainer().addNewPort().withName("health").withContainerPort(8081)
                .endPort().withNewLivenessProbe().withNewHttpGet().withPath("/healthz")
                .withPort(new IntOrString(8081)).endHttpGet().endLivenessProbe().endContainer().endSpec().build();
        assertThat(warnings(pod, HASHED)).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("declares port health=8081 but the agent serves probes on 8123"))
                .anySatisfy(w -> assertThat(w).contains("livenessProbe targets port 8081"));
    }

    @Test
    void warnsAboutHostNetworkReplicasWithFixedPortsUnlessOnePerNode() {
        Pod shared = pod().editSpec().withHostNetwork(true).endSpec().build();
        assertThat(warnings(shared, FIXED)).singleElement().asString()
                .contains("hostNetwork is on and replicas of ReplicaSet/op-7d9f can land on one node");

        Pod onePerNode = pod().editSpec().withHostNetwork(true).withNewAffinity().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec()
                .build();
        assertThat(warnings(onePerNode, FIXED)).isEmpty();
    }

    @Test
    void warnsAboutAShortTerminationGracePeriod() {
        Pod pod = pod().editSpec().withTerminationGracePeriodSeconds(5L).endSpec().build();
        assertThat(warnings(pod, HASHED)).singleElement().asString()
                .contains("terminationGracePeriodSeconds=5").contains("at least 10s");
        assertThat(warnings(pod().build(), HASHED)).as("default 30 s").isEmpty();
    }
}

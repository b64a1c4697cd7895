package io.netmaker.agent.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SidecarContainerTest {

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("operator").endContainer().endSpec();
    }

    @Test
    void readsARegularSidecarContainer() {
        Pod pod = pod().editSpec().addNewContainer().withName("netclient").endContainer().endSpec()
                .withNewStatus().withContainerStatuses(List.of(Pods.status(false, 3, "CrashLoopBackOff")))
                .endStatus().build();
        assertThat(SidecarContainer.of(pod, "netclient"))
                .contains(new SidecarContainer(false, 3, "CrashLoopBackOff", null));
    }

    @Test
    void readsANativeSidecarFromInitContainerStatuses() {
        Pod pod = pod().editSpec().addNewInitContainer().withName("netclient").withRestartPolicy("Always")
                .endInitContainer().endSpec()
                .withNewStatus().withInitContainerStatuses(List.of(Pods.status(true, 0, null))).endStatus().build();
        assertThat(SidecarContainer.of(pod, "netclient")).contains(new SidecarContainer(true, 0, null, null));
    }

    @Test
    void aPlainInitContainerOrNoContainerIsNoSidecar() {
        Pod plainInit = pod().editSpec().addNewInitContainer().withName("netclient").endInitContainer().endSpec()
                .build();
        assertThat(SidecarContainer.of(plainInit, "netclient")).isEmpty();
        assertThat(SidecarContainer.of(pod().build(), "netclient")).isEmpty();
    }

    @Test
    void aDeclaredContainerWithoutStatusIsNotReady() {
        Pod pod = pod().editSpec().addNewContainer().withName("netclient").endContainer().endSpec().build();
        assertThat(SidecarContainer.of(pod, "netclient"))
                .contains(new SidecarContainer(false, 0, "NoStatusYet", null));
    }
}

package io.netmaker.agent.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netmaker.agent.kubernetes.PodViews;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SidecarContainerTest {

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("operator").endContainer().endSpec();
    }

    private static Optional<SidecarContainer> of(Pod pod, String name) {
        return SidecarContainer.of(PodViews.of(pod), name);
    }

    @Test
    void readsARegularSidecarContainer() {
        Pod pod = pod().editSpec().addNewContainer().withName("netclient").endContainer().endSpec()
                .withNewStatus().withContainerStatuses(List.of(Pods.status(false, 3, "CrashLoopBackOff")))
                .endStatus().build();
        assertThat(of(pod, "netclient"))
                .contains(new SidecarContainer(false, 3, "CrashLoopBackOff", null));
    }

    @Test
    void readsANativeSidecarFromInitContainerStatuses() {
        Pod pod = pod().editSpec().addNewInitContainer().withName("netclient").withRestartPolicy("Always")
                .endInitContainer().endSpec()
                .withNewStatus().withInitContainerStatuses(List.of(Pods.status(true, 0, null))).endStatus().build();
        assertThat(of(pod, "netclient")).contains(new SidecarContainer(true, 0, null, null));
    }

    @Test
    void aPlainInitContainerOrNoContainerIsNoSidecar() {
        Pod plainInit = pod().editSpec().addNewInitContainer().withName("netclient").endInitContainer().endSpec()
                .build();
        assertThat(of(plainInit, "netclient")).isEmpty();
        assertThat(of(pod().build(), "netclient")).isEmpty();
    }

    @Test
    void aDeclaredContainerWithoutStatusIsNotReady() {
        Pod pod = pod().editSpec().addNewContainer().withName("netclient").endContainer().endSpec().build();
        assertThat(of(pod, "netclient"))
                .contains(new SidecarContainer(false, 0, "NoStatusYet", null));
    }
}

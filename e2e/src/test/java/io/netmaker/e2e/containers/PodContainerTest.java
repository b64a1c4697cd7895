package io.netmaker.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pod template's container as the engine's {@code run} arguments, as a kubelet would run it. */
class PodContainerTest {
    private static final PodContainer POD = new PodContainer("pod-a", "netmaker", "10.0.0.5", "10.0.0.1", "host",
            Map.of("AGENT_SIDECAR_INTERFACE", "lo"), List.of("--leader-elect"));

    private static Container agent() {
        return new ContainerBuilder().withName("agent").withArgs("--zap-log-level=info")
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("AGENT_PORT_STRATEGY").withValue("hash").endEnv()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withNewSecurityContext().withRunAsUser(10001L).withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withNewResources().withLimits(Map.of("memory", new Quantity("384Mi"))).endResources()
                .build();
    }

    private static PodSpec spec(Container c) {
        return new PodSpecBuilder().withHostNetwork(true).withContainers(c)
                .addNewVolume().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir()
                .endVolume().addNewVolume().withName("probe").withNewHostPath().withPath("/srv/probe").endHostPath()
                .endVolume().build();
    }

    @Test
    void runsTheContainerAsAKubeletWould() {
        Container agent = agent();
        List<String> args = POD.runArgs(spec(agent), agent, "c1", "img:1", Path.of("/k/config"), Path.of("/k/ns"));

        assertThat(args).containsExactly("run", "-d", "--name", "c1", "--network", "host", "--uts", "host",
                "--user", "10001:10001", "--read-only", "--security-opt", "no-new-privileges", "--cap-drop", "ALL",
                "--tmpfs", "/tmp:rw,mode=1777,size=67108864", "--memory", "402653184",
                "-v", "/k/config:" + PodContainer.KUBECONFIG_PATH + ":ro", "-v", "/k/ns:" + PodContainer.NAMESPACE_FILE
                        + ":ro",
                "-e", "POD_NAME=pod-a", "-e", "AGENT_PORT_STRATEGY=hash", "-e", "KUBECONFIG="
                        + PodContainer.KUBECONFIG_PATH, "-e", "AGENT_SIDECAR_INTERFACE=lo",
                "img:1", "--zap-log-level=info", "--leader-elect");
    }

    @Test
    void commandReplacesTheEntrypointAndHostPathMountsBind() {
        Container alone = new ContainerBuilder(agent()).withCommand("/usr/bin/tini", "--", "/manager")
                .withArgs(List.of()).addNewVolumeMount().withName("probe").withMountPath("/var/run/probe")
                .withReadOnly(true).endVolumeMount().build();
        List<String> args = POD.runArgs(spec(alone), alone, "c2", "img:1", Path.of("/k/config"), Path.of("/k/ns"));

        assertThat(args).containsSequence("-v", "/srv/probe:/var/run/probe:ro")
                .containsSequence("--entrypoint", "/usr/bin/tini", "img:1", "--", "/manager", "--leader-elect")
                .endsWith("img:1", "--", "/manager", "--leader-elect");
    }
}

package io.netmaker.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's own machinery with a stand-in for the agent ({@code sh} with two background children): the API
 * server and kubeconfig, the kubelet-like Pod statuses, and stopping that leaves no process behind.
 */
class SandboxLifecycleIT {
    /** Like an agent that ignores its children on SIGTERM: sh dies, its two sleeps would be orphaned. */
    private static final List<String> STAND_IN = List.of("sh", "-c", "sleep 300 & sleep 300 & wait");

    private Sandbox sandbox;

    @AfterEach
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private Sandbox start(int replicas) {
        sandbox = Sandbox.start(SandboxOptions.defaults(Path.of(".")).withReplicas(replicas).withAgentCommand(STAND_IN)
                .withStopGrace(Duration.ofSeconds(2)));
        return sandbox;
    }

    @Test
    void createsRunningPodsWithAReadySidecarAndFlipsIt() throws Exception {
        Sandbox s = start(2);
        assertThat(Files.readString(s.api().kubeconfig())).contains("server: " + s.api().url());
        Pod pod = s.api().client().pods().inNamespace("netmaker-sandbox").withName(s.options().podName(1)).get();
        assertThat(pod.getSpec().getHostNetwork()).isTrue();
        assertThat(pod.getSpec().getContainers()).extracting("name").containsExactly("manager", "netclient");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(s.kubelet().sidecarReady(pod.getMetadata().getName())).isTrue();

        s.kubelet().setSidecarReady(pod.getMetadata().getName(), false);

        assertThat(s.kubelet().sidecarReady(pod.getMetadata().getName())).isFalse();
        assertThat(s.kubelet().sidecarReady(s.options().podName(0))).isTrue();
        assertThat(s.lease().holder()).isEmpty();
    }

    @Test
    void stoppingAReplicaReportsAndKillsWhatOutlivedIt() {
        Sandbox s = start(1);
        Replica r = s.replica(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.descendants().size() == 2);
        Set<Long> children = new HashSet<>(r.descendants());

        Sandbox.StopResult stop = s.stopReplica(0, Duration.ofSeconds(5));

        assertThat(stop.exitCode()).hasValue(143);
        assertThat(stop.leftoverPids()).containsExactlyInAnyOrderElementsOf(children);
        assertThat(children).noneMatch(Signals::alive);
    }

    @Test
    void closeLeavesNoProcessBehind() {
        Sandbox s = start(3);
        Set<Long> all = new HashSet<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> s.replicas().stream().allMatch(r -> r.descendants().size() == 2));
        s.replicas().forEach(r -> {
            all.add(r.agentPid());
            all.addAll(r.descendants());
        });
        Path workDir = s.workDir();

        s.close();

        assertThat(all).noneMatch(Signals::alive);
        assertThat(workDir).doesNotExist();
    }
}

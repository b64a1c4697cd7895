package io.netmaker.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netmaker.agent.security.AgentProcess;
import io.netmaker.testing.MockApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a process reads its Pod (the sidecar watch: list and a watch event; the pod-spec check: a get) and
 * never loads fabric8's Pod type graph: the Pod is decoded into {@link PodView} only. ({@code Pod} itself is loaded
 * as a class literal by fabric8's client, which keys its typed operations by class; no Pod is ever built.)
 */
class PodViewProcessIT {
    private static final String NS = "test";
    private static final String POD = "operator-7d9f-abcde";
    private static final Pattern POD_MODEL = Pattern.compile(
            "io\\.fabric8\\.kubernetes\\.api\\.model\\.(PodSpec|PodStatus|Container|ContainerStatus|ContainerState"
                    + "|ContainerPort|Probe|HTTPGetAction|Affinity|PodCondition) ");

    @RegisterExtension
    final MockApi api = new MockApi();
    @TempDir
    Path dir;

    @Test
    void theAgentReadsItsPodWithoutFabric8sPodModel() throws Exception {
        api.client().pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(POD).endMetadata()
                .withNewSpec().addNewContainer().withName("operator").addNewPort().withName("health")
                .withContainerPort(8081).endPort().withNewReadinessProbe().withNewHttpGet().withPath("/readyz")
                .withPort(new IntOrString("health")).endHttpGet().endReadinessProbe().endContainer()
                .addNewContainer().withName("netclient").endContainer().endSpec().build()).create();
        sidecarStatus(true, null);
        Path classes = dir.resolve("classes.txt");
        Map<String, String> env = Map.ofEntries(
                Map.entry("POD_NAME", POD), Map.entry("POD_NAMESPACE", NS),
                // the API server as in a pod (no kubeconfig to parse, which fabric8 does with its own mapper)
                Map.entry("KUBERNETES_MASTER", api.url()), Map.entry("KUBERNETES_AUTH_TRYKUBECONFIG", "false"),
                Map.entry("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false"),
                Map.entry("HEALTH_PROBE_PORT", Integer.toString(AgentProcess.freePort())),
                Map.entry("PROXY_PORT", Integer.toString(AgentProcess.freePort())),
                Map.entry("AGENT_STATE_DIR", dir.resolve("state").toString()),
                Map.entry("AGENT_TERMINATION_LOG", dir.resolve("termination-log").toString()),
                Map.entry("AGENT_SIDECAR_WAIT", "false"), Map.entry("AGENT_CHILD_DIALECT", "netmaker-java"),
                Map.entry("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes));
        try (AgentProcess agent = AgentProcess.start(dir, "agent", env,
                List.of("run", "--", "sh", "-c", "exec sleep 120", "child"))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(agent.output())
                    .contains("sidecar container changed container=netclient ready=true")
                    .contains("pod spec: container operator declares port health=8081"));
            sidecarStatus(false, "CrashLoopBackOff");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(agent.output())
                    .contains("sidecar container changed container=netclient ready=false restarts=0"
                            + " waiting=CrashLoopBackOff"));
            assertThat(agent.stop()).isTrue();
        }
        List<String> loaded = Files.readAllLines(classes).stream().filter(l -> l.contains("class,load")).toList();
        assertThat(loaded).anyMatch(l -> l.contains("io.netmaker.agent.kubernetes.PodView$ContainerStatus "));
        assertThat(loaded).noneMatch(l -> POD_MODEL.matcher(l).find());
    }

    private void sidecarStatus(boolean ready, String waiting) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName("netclient").withReady(ready)
                .withRestartCount(0);
        if (waiting != null) {
            status.withNewState().withNewWaiting().withReason(waiting).endWaiting().endState();
        }
        api.client().pods().inNamespace(NS).withName(POD).editStatus(p -> new PodBuilder(p).editOrNewStatus()
                .withContainerStatuses(List.of(status.build())).endStatus().build());
    }
}

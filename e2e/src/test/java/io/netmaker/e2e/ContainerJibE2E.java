package io.netmaker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.e2e.containers.Engine;
import io.netmaker.e2e.deploy.Kustomize;
import io.netmaker.e2e.target.Containers;
import io.netmaker.e2e.target.DockerTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The jib image ({@code deploy/image/build.sh jib} on the local runtime base, loaded from its tarball) passes the
 * hostNetwork smoke scenario as {@code deploy/overlays/host-network} runs it: no AOT cache, the same behaviour.
 */
class ContainerJibE2E {
    private static DockerTarget target;
    private static Map<String, Long> ready;

    @RegisterExtension
    static final TestWatcher DIAGNOSTICS = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (target != null) {
                System.out.println("==== diagnostics after " + context.getDisplayName() + "\n" + target.diagnostics());
            }
        }
    };

    @BeforeAll
    static void start() {
        Engine engine = Containers.require();
        Kustomize.requireKubectl();
        long startNanos = System.nanoTime();
        target = DockerTarget.start(engine, new DockerTarget.Options(ContainerScenarios.overlay("host-network"), 3,
                DockerTarget.Layout.HOST_NETWORK, engine.image("image.jib"), null,
                ContainerScenarios.HOST_NETWORK_DEVIATIONS, ContainerScenarios.HOST_NETWORK_ARGS));
        ready = ContainerScenarios.awaitExecReady(target, startNanos);
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
        if (ready != null) {
            E2eReport.append("docker", List.of(
                    "jib: container start to first successful exec readyz probe (ms): " + ready));
        }
    }

    @Test
    void theJibImagePassesTheHostNetworkSmokeScenario() {
        assertThat(target.replicas()).contains(ContainerScenarios.assertHostNetworkSmoke(target));
        ContainerScenarios.assertNoWarnings(target);
    }
}

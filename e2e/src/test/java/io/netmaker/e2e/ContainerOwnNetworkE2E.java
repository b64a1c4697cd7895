package io.netmaker.e2e;

import static io.netmaker.e2e.ContainerScenarios.SETTLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.e2e.containers.Engine;
import io.netmaker.e2e.deploy.Kustomize;
import io.netmaker.e2e.target.Containers;
import io.netmaker.e2e.target.DockerTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The own-network layout of {@code deploy/overlays/multi}, with no test deviation in the env: each replica's
 * containers share one network namespace (a holder, the agent's container and a netclient stand-in with
 * {@code NET_ADMIN} that creates the {@code netmaker} interface), reached through a veth pair with addresses from
 * 198.19.0.0/16. The agent checks the real interface and the operator's API proxy binds its address. Removing the
 * interface makes that replica unready (loss policy {@code unready}), bringing it back makes it ready again.
 */
class ContainerOwnNetworkE2E {
    private static DockerTarget target;
    private static final List<String> report = new ArrayList<>();

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
        target = DockerTarget.start(engine, new DockerTarget.Options(ContainerScenarios.overlay("multi"), 3,
                DockerTarget.Layout.OWN_NETWORK, engine.image("image"), engine.image("image.netclient"), Map.of(),
                List.of()));
        // deploy/overlays/multi probes with httpGet on the named port `health`: the kubelet's GET to the pod's IP
        ContainerScenarios.awaitOrDiagnose(target, () -> await("every replica answers GET /readyz on its pod IP")
                .atMost(ContainerScenarios.START).pollInterval(Duration.ofMillis(250))
                .until(() -> target.replicas().stream().allMatch(p -> target.http(p, "/readyz").ok())));
        report.add("own-network: container start to every replica ready (ms): "
                + (System.nanoTime() - startNanos) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
        E2eReport.append("docker", report);
    }

    @Test
    void eachReplicaUsesItsOwnNamespacesInterfaceAndGoesUnreadyWithoutIt() {
        for (String pod : target.replicas()) {
            assertThat(ContainerScenarios.planned(target, pod).port("health")).as(pod).hasValue(8081);
            assertThat(ContainerScenarios.planned(target, pod).port("proxy")).as(pod).hasValue(8085);
        }
        String leader = new Observer(target).awaitSingleLeader(SETTLE);
        ContainerScenarios.assertNoWarnings(target);

        long start = System.nanoTime();
        target.setInterface(leader, false);
        await(leader + " unready without its netmaker interface").atMost(SETTLE)
                .until(() -> target.http(leader, "/readyz").code() == 503);
        report.add("own-network: netmaker removed -> /readyz 503 after " + (System.nanoTime() - start) / 1_000_000
                + " ms");
        assertThat(target.http(leader, "/readyz?verbose").body()).contains("sidecar");
        for (String other : target.replicas().stream().filter(p -> !p.equals(leader)).toList()) {
            assertThat(target.http(other, "/readyz").ok()).as(other + " keeps its interface and stays ready").isTrue();
        }

        start = System.nanoTime();
        target.setInterface(leader, true);
        await(leader + " ready again with its interface").atMost(SETTLE).until(() -> target.http(leader, "/readyz").ok());
        report.add("own-network: netmaker back -> ready after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(target.http(leader, "/healthz").ok()).as("liveness is not the interface's business").isTrue();
    }
}

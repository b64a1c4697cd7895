package io.netmaker.agent.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmaker.testing.MockApi;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Without RBAC on leases the state stays unknown, says why, and the agent goes on. */
@EnableKubernetesMockClient
class LeaseWatchForbiddenTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aForbiddenWatchIsUnknownAndSaysForbidden() {
        server.expect().get().withPath("/apis/coordination.k8s.io/v1/namespaces/test/leases?fieldSelector="
                + "metadata.name%3D3820d23d.netmaker.io&resourceVersion=0").andReturn(403,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403}")
                .always();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LeaseWatch watch = new LeaseWatch(ElectionFixtures.settings(ReadinessPolicy.LEADER), ElectionFixtures.IDENTITY, registry, ElectionFixtures.CLOCK);
             KubernetesClient quick = MockApi.withoutRetries(client)) {
            watch.start(quick);
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.failureCode() == 403);
            assertThat(watch.known()).isFalse();
            assertThat(registry.get("netmaker_agent_leader").gauge().value()).isNaN();
            assertThat(watch.snapshot().toString()).contains("state=unknown").contains("forbidden");
        }
    }
}

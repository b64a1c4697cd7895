package io.netmaker.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.netmaker.testing.MockApi;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient
class AccessCheckTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void forbiddenReadsBecomeOneWarningNamingTheVerbs() {
        server.expect().get().withPath("/api/v1/namespaces/test/pods/op-1").andReturn(403, "{}").always();
        server.expect().get().withPath("/apis/coordination.k8s.io/v1/namespaces/test/leases/lease-x")
                .andReturn(403, "{}").always();
        server.expect().get().withPath("/apis/coordination.k8s.io/v1/namespaces/test/leases")
                .andReturn(200, "{\"kind\":\"LeaseList\",\"apiVersion\":\"coordination.k8s.io/v1\",\"items\":[]}")
                .always();

        List<AccessCheck.Need> missing;
        try (KubernetesClient quick = MockApi.withoutRetries(client)) {
            missing = AccessCheck.missing(quick, "test", "op-1", "lease-x");
        }

        assertThat(missing).extracting(Object::toString).containsExactly("get pods", "get leases");
        assertThat(AccessCheck.message(missing, "test", true, true)).isEqualTo(
                "RBAC: the service account may not get pods, get leases in namespace test; the agent needs"
                        + " get/list/watch pods and get/list/watch/update leases (coordination.k8s.io); leader and"
                        + " sidecar state stay unknown until a Role grants them");
    }

    @Test
    void selfSubjectAccessReviewsAreUsedWhenTheServerAnswersThem() {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReturn(201, "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                        + "\"status\":{\"allowed\":false}}").always();

        try (KubernetesClient quick = MockApi.withoutRetries(client)) {
            assertThat(AccessCheck.missing(quick, "test", "op-1", null)).extracting(Object::toString)
                    .containsExactly("get pods", "list pods", "watch pods");
        }
    }
}

package io.netmaker.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestRecorderTest {
    @Test
    void requestsMapToVerbResourceAndScope() {
        assertThat(RequestRecorder.access("GET", "/api/v1/namespaces/nm/pods/p1", "nm")).isEqualTo("namespace /pods:get");
        assertThat(RequestRecorder.access("GET", "/api/v1/namespaces/nm/pods?labelSelector=a%3Db", "nm"))
                .isEqualTo("namespace /pods:list");
        assertThat(RequestRecorder.access("GET", "/api/v1/namespaces/nm/pods?allowWatchBookmarks=true&watch=true", "nm"))
                .isEqualTo("namespace /pods:watch");
        assertThat(RequestRecorder.access("GET", "/api/v1/services?watch=1", "nm")).isEqualTo("cluster /services:watch");
        assertThat(RequestRecorder.access("PATCH", "/apis/coordination.k8s.io/v1/namespaces/nm/leases/l", "nm"))
                .isEqualTo("namespace coordination.k8s.io/leases:patch");
        assertThat(RequestRecorder.access("PUT", "/api/v1/namespaces/other/pods/p/status", "nm"))
                .isEqualTo("namespace:other /pods/status:update");
        assertThat(RequestRecorder.access("POST", "/api/v1/namespaces/nm/events", "nm")).isEqualTo("namespace /events:create");
        assertThat(RequestRecorder.access("DELETE", "/api/v1/namespaces/nm/endpoints/e", "nm"))
                .isEqualTo("namespace /endpoints:delete");
        assertThat(RequestRecorder.access("GET", "/version", "nm")).isNull();
        assertThat(RequestRecorder.access("GET", "/apis/coordination.k8s.io/v1", "nm")).isNull();
    }

    @Test
    void onlyFabric8ClientsCountAndImpersonatedRequestsCountAsImpersonationOnly() {
        RequestRecorder recorder = new RequestRecorder("nm");
        Map<String, String> operator = Map.of("User-Agent", "fabric8-kubernetes-client/7.5.2");
        recorder.record("GET", "/api/v1/namespaces/nm/pods/p", operator::get, List.of());
        recorder.record("POST", "/api/v1/namespaces/nm/pods", Map.of("User-Agent", RequestRecorder.HARNESS_USER_AGENT)::get,
                List.of());
        recorder.record("POST", "/api/v1/namespaces/nm/pods", Map.of("User-Agent", "kubectl/v1.31")::get, List.of());
        recorder.record("POST", "/api/v1/namespaces/nm/pods", Map.of("User-Agent", "curl/8",
                "Impersonate-User", "wireguard-peer")::get, List.of("system:authenticated", "wireguard-peers"));
        assertThat(recorder.access()).containsExactly("cluster /groups:impersonate=system:authenticated",
                "cluster /groups:impersonate=wireguard-peers", "cluster /users:impersonate=wireguard-peer",
                "namespace /pods:get");
    }
}

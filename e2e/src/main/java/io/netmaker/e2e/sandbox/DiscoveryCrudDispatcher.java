package io.netmaker.e2e.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The CRUD dispatcher plus the API discovery documents {@code kubectl} asks for before any request (the CRUD mock
 * server has none). Lists only what the sandbox holds: Pods (and their status), Services, Endpoints, Namespaces,
 * Events and Leases. {@code kubectl get pods} and {@code get leases} get the Table form a real API server prints
 * ({@link KubectlTable}).
 */
final class DiscoveryCrudDispatcher extends KubernetesCrudDispatcher {
    private static final String API = """
            {"kind":"APIVersions","versions":["v1"],
             "serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}""";
    private static final String CORE_V1 = """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
             {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","shortNames":["po"],
              "verbs":["create","delete","get","list","patch","update","watch"]},
             {"name":"pods/status","singularName":"","namespaced":true,"kind":"Pod","verbs":["get","patch","update"]},
             {"name":"services","singularName":"service","namespaced":true,"kind":"Service","shortNames":["svc"],
              "verbs":["create","delete","get","list","patch","update","watch"]},
             {"name":"endpoints","singularName":"endpoints","namespaced":true,"kind":"Endpoints","shortNames":["ep"],
              "verbs":["create","delete","get","list","patch","update","watch"]},
             {"name":"events","singularName":"event","namespaced":true,"kind":"Event","shortNames":["ev"],
              "verbs":["create","delete","get","list","patch","update","watch"]},
             {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","shortNames":["ns"],
              "verbs":["create","delete","get","list","patch","update","watch"]}]}""";
    private static final String GROUPS = """
            {"kind":"APIGroupList","apiVersion":"v1","groups":[
             {"name":"coordination.k8s.io",
              "versions":[{"groupVersion":"coordination.k8s.io/v1","version":"v1"}],
              "preferredVersion":{"groupVersion":"coordination.k8s.io/v1","version":"v1"}}]}""";
    private static final String COORDINATION_V1 = """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"coordination.k8s.io/v1","resources":[
             {"name":"leases","singularName":"lease","namespaced":true,"kind":"Lease",
              "verbs":["create","delete","get","list","patch","update","watch"]}]}""";

    private static final Map<String, String> DOCUMENTS = Map.of(
            "/api", API, "/api/v1", CORE_V1, "/apis", GROUPS, "/apis/coordination.k8s.io/v1", COORDINATION_V1);

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        int query = path.indexOf('?');
        String document = "GET".equals(request.getMethod())
                ? DOCUMENTS.get(query < 0 ? path : path.substring(0, query))
                : null;
        if (document != null) {
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(document);
        }
        MockResponse response = super.dispatch(request);
        if ("GET".equals(request.getMethod()) && !path.contains("watch=") && response.code() == 200
                && KubectlTable.wanted(request.getHeader("Accept"))) {
            Optional<String> table = KubectlTable.of(path, new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8), Instant.now());
            if (table.isPresent()) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                        .setBody(table.get());
            }
            // not a kind with a Table form: answer afresh (the body above may have been consumed)
            return super.dispatch(request);
        }
        return response;
    }
}

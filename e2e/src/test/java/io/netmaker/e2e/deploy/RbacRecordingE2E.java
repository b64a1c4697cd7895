package io.netmaker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmaker.e2e.EgressScenario;
import io.netmaker.e2e.sandbox.Replica;
import io.netmaker.e2e.sandbox.Sandbox;
import io.netmaker.e2e.target.LocalTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * RBAC derived from the code: two replicas of {@code agent run -- operator} run against the sandbox's mock API
 * server, which records every request the agents and operators make (verb, resource, scope; impersonation by name).
 * The scenario drives every path that talks to the API (election, a Service proxy with its pod and EndpointSlice, a
 * proxied request in auth mode, a killed operator whose agent releases the Lease, a graceful stop). The recorded set
 * must equal what deploy/base/rbac.yaml grants: nothing used is missing, nothing granted is unused.
 */
class RbacRecordingE2E {
    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void theAgentAndOperatorUseExactlyWhatTheBaseRbacGrants() throws Exception {
        Set<String> recorded;
        try (Sandbox sandbox = Sandbox.start(LocalTarget.optionsFromSystemProperties().withReplicas(2))) {
            KubernetesClient client = sandbox.api().client();
            String ns = sandbox.options().namespace();
            await().atMost(START).until(() -> sandbox.lease().holder().filter(h -> !h.isEmpty()).isPresent());
            Replica leader = leader(sandbox);

            // Service proxy controller: pod, EndpointSlice create, EndpointSlice patch, then both deleted
            EgressScenario.run(client, ns, "rbac-egress", START);

            // the API proxy in its default mode: the request reaches the API server impersonating the peer identity
            int proxyPort = leader.plannedPorts().orElseThrow().port("proxy").orElseThrow();
            HttpResponse<String> proxied = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://" + Replica.HOST + ":" + proxyPort + "/api/v1/namespaces/" + ns + "/services")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(proxied.statusCode()).isEqualTo(200);

            // the operator dies while leading: its agent releases the Lease (update); a standby takes over
            String before = sandbox.lease().holder().orElseThrow();
            ProcessHandle.of(leader.operatorPid().orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(START).until(() -> sandbox.lease().holder().filter(h -> !h.isEmpty() && !h.equals(before))
                    .isPresent() || sandbox.lease().holder().filter(String::isEmpty).isPresent());
            await().atMost(START).until(() -> sandbox.lease().holder().filter(h -> !h.isEmpty()).isPresent());
            recorded = sandbox.mockApi().recordedAccess();
            sandbox.close(); // graceful stop: the leader releases (patch)
            recorded = union(recorded, sandbox.mockApi().recordedAccess());
            recorded = new TreeSet<>(recorded);
        }

        // the agent's access self-check: every authenticated user may create these (ClusterRole system:basic-user)
        recorded.removeIf(a -> a.equals("cluster authorization.k8s.io/selfsubjectaccessreviews:create"));
        Set<String> granted = DeployManifestsTest.grantedTo(DeployManifestsTest.objects("single"),
                "netmaker-operator", "netmaker");
        System.out.println("recorded API access of agent and operator:\n  " + String.join("\n  ", recorded));
        assertThat(recorded).as("used but not granted by deploy/base/rbac.yaml").isSubsetOf(granted);
        assertThat(granted).as("granted by deploy/base/rbac.yaml but never used").isSubsetOf(recorded);
    }

    private static Replica leader(Sandbox sandbox) {
        String holder = sandbox.lease().holder().orElseThrow();
        return sandbox.replicas().stream().filter(r -> r.podName().equals(holder)).findFirst().orElseThrow();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}

package io.netmaker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netmaker.e2e.sandbox.RbacDecision;
import io.netmaker.e2e.sandbox.RealApiServer;
import io.netmaker.e2e.sandbox.SandboxOptions;
import io.netmaker.e2e.target.LocalTarget;
import io.netmaker.e2e.target.RbacGrants;
import io.netmaker.e2e.target.RealApi;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.netmaker.e2e.sandbox.Replica;
import io.netmaker.e2e.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@link MultiReplicaE2E}'s scenarios on the real API server (e2e/go: k8s.io/apiserver, etcd, watch cache, RBAC):
 * the agents and operators run as the shipped ServiceAccount {@code netmaker-operator} with deploy/base's Role and
 * bindings applied as shipped, in its namespace {@code netmaker}; a request the manifests do not grant is refused,
 * and the last scenario fails on it. Grants nobody used go to the report.
 */
class MultiReplicaApiServerE2E extends MultiReplicaE2E {
    @Override
    SandboxOptions localOptions() {
        return super.localOptions().withNamespace(RealApi.NAMESPACE);
    }

    @Override
    LocalTarget startLocal(SandboxOptions options) {
        return LocalTarget.start(options, RealApi.require());
    }

    @Test
    @Order(8)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theServiceControllersAndTheApiProxyWorkAsTheServiceAccountAndThePeer() throws Exception {
        Sandbox sandbox = ((LocalTarget) target).sandbox();
        KubernetesClient admin = sandbox.api().client();
        String ns = sandbox.options().namespace();
        EgressScenario.run(admin, ns, "apiserver-egress", SETTLE);
        Replica replica = sandbox.replicas().stream().filter(Replica::alive).findFirst().orElseThrow();
        int proxy = replica.plannedPorts().orElseThrow().port("proxy").orElseThrow();
        String base = "http://" + Replica.HOST + ":" + proxy;
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> review = await("SelfSubjectReview through the proxy of " + replica.podName())
                .atMost(SETTLE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                        URI.create(base + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 201);
        UserInfo who = admin.getKubernetesSerialization().unmarshal(review.body(), SelfSubjectReview.class)
                .getStatus().getUserInfo();
        assertThat(who.getUsername()).as("user the API server sees through the proxy").isEqualTo("wireguard-peer");
        assertThat(who.getGroups()).as("groups").containsExactlyInAnyOrder("system:authenticated", "wireguard-peers");

        HttpResponse<String> secrets = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/" + ns
                + "/secrets")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(secrets.statusCode()).as("the peer listing Secrets through the proxy: %s", secrets.body())
                .isEqualTo(403);
        assertThat(admin.getKubernetesSerialization().unmarshal(secrets.body(), Status.class).getMessage())
                .contains("User \"wireguard-peer\" cannot list resource \"secrets\"");
        report.add("scenario 8: egress Service proxy pod and EndpointSlice followed and removed; through the API proxy of "
                + replica.podName() + " the server saw " + who.getUsername() + " " + who.getGroups()
                + ", and RBAC refused it the Secrets (403)");
    }

    @Test
    @Order(9)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void watchesBrokenByARestartOverCompactedEtcdAreRelisted() {
        Sandbox sandbox = ((LocalTarget) target).sandbox();
        RealApiServer api = (RealApiServer) sandbox.api();
        String ns = sandbox.options().namespace();
        String pod = sandbox.replicas().stream().filter(Replica::alive).findFirst().orElseThrow().podName();
        await(pod + " ready").atMost(SETTLE).until(() -> observer.ready(pod));
        long before = api.etcdRevision();
        long[] compacted = new long[1];
        api.restartServer(() -> compacted[0] = api.compactEtcd());

        // etcd's history before the compaction is gone: a list at an old revision (served by etcd) is 410 Gone,
        // and so is a watch from there (the new watch cache starts at the compacted revision)
        KubernetesClientException list = catchThrowableOfType(KubernetesClientException.class, () -> api.client().pods()
                .inNamespace(ns).list(new ListOptionsBuilder().withResourceVersion(Long.toString(before - 1))
                        .withResourceVersionMatch("Exact").build()));
        assertThat(list).as("list at revision %d after compacting at %d", before - 1, compacted[0]).isNotNull();
        assertThat(list.getCode()).as("list at a compacted revision").isEqualTo(410);
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        try (Watch ignored = api.client().pods().inNamespace(ns).watch(
                new ListOptionsBuilder().withResourceVersion(Long.toString(before - 1)).build(), new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Pod resource) {}

                    @Override
                    public void onClose(WatcherException cause) {
                        closed.complete(cause);
                    }
                })) {
            WatcherException gone = await("the old watch is closed").atMost(SETTLE).until(() -> closed.getNow(null),
                    e -> e != null);
            assertThat(gone.isHttpGone()).as("watch from a compacted revision closed with 410: %s", gone).isTrue();
        }

        // the agents' informers got the same 410 on their own watches, relisted and follow the Pod again
        target.setSidecarReady(pod, false);
        try {
            await(pod + " /readyz fails on its sidecar after the restart").atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(200)).until(() -> !observer.ready(pod));
        } finally {
            target.setSidecarReady(pod, true);
        }
        await(pod + " ready again").atMost(SETTLE).until(() -> observer.ready(pod));
        String leader = observer.awaitSingleLeader(SETTLE);
        report.add("scenario 9: API server restarted over etcd compacted at revision " + compacted[0]
                + ": list and watch from revision " + (before - 1) + " got 410; " + pod
                + "'s agent followed its sidecar again, leader " + leader);
    }

    @Test
    @Order(100)
    void theShippedRbacGrantedEveryRequestOfTheAgentsAndOperators() {
        RealApiServer api = (RealApiServer) ((LocalTarget) target).sandbox().api();
        String serviceAccount = "system:serviceaccount:" + RealApi.NAMESPACE + ":" + RealApiServer.WORKLOAD_SERVICE_ACCOUNT;
        List<RbacDecision> decisions = api.rbacDecisions().stream().filter(d -> d.user().equals(serviceAccount)).toList();
        // Kubernetes 1.35+ first asks for constrained impersonation (verbs impersonate-on:...), then, denied, for the
        // classic impersonate verb that deploy/base grants: the first denial is how it works, not a missing grant
        List<String> denied = decisions.stream().filter(d -> !d.allowed() && !d.verb().startsWith("impersonate-on:"))
                .map(RbacDecision::request).toList();
        List<RbacGrants.Grant> unused = RbacGrants.unused(RbacGrants.of(api.client(), RealApi.manifests()), decisions);
        report.add("RBAC (deploy/base as shipped): " + decisions.stream().filter(RbacDecision::allowed).count()
                + " distinct requests allowed, denied " + denied + ", grants unused in these scenarios " + unused);
        assertThat(decisions).as("RBAC decisions on the ServiceAccount's requests").isNotEmpty();
        assertThat(denied).as("requests of the agents and operators that deploy/base's RBAC refused").isEmpty();
    }
}

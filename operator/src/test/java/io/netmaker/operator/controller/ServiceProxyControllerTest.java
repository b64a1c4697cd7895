package io.netmaker.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmaker.operator.config.OperatorOptions.ProxyImages;
import io.netmaker.operator.events.EventRecorder;
import io.netmaker.operator.metrics.OperatorMetrics;
import io.netmaker.testing.MockApi;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceProxyControllerTest {
    private static final String NS = "apps";

    private final MockApi api = new MockApi();
    private final KubernetesClient client = api.defaultClient();
    private final OperatorMetrics metrics = new OperatorMetrics("test-lease");
    private final java.util.concurrent.atomic.AtomicBoolean mayWrite = new java.util.concurrent.atomic.AtomicBoolean(true);
    private ServiceProxyController controller;

    @BeforeEach
    void startController() {
        controller = new ServiceProxyController(client,
                new ProxyPods(new ProxyImages("netclient:test", "socat:test")),
                new EventRecorder(client, "netmaker-operator", "test", Clock.systemUTC()), metrics,
                Clock.systemUTC(), Duration.ofMillis(50), Duration.ofSeconds(1), mayWrite::get, List.of());
        controller.start();
    }

    @AfterEach
    void stop() {
        controller.close();
        client.close();
        api.close();
    }

    @Test
    void withOneWatchedNamespaceItListsAndWatchesOnlyThereAndReconcilesOnlyThere() throws Exception {
        // the all-namespaces controller of @BeforeEach must be seen watching before it is closed, so that none of its
        // requests arrive among the namespaced controller's
        List<String> before = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            before.addAll(api.drainRequests());
            return before.stream().filter(p -> p.contains("watch=true")).count() >= 2;
        });
        controller.close();
        api.drainRequests();
        controller = new ServiceProxyController(client,
                new ProxyPods(new ProxyImages("netclient:test", "socat:test")),
                new EventRecorder(client, "netmaker-operator", "test", Clock.systemUTC()), metrics,
                Clock.systemUTC(), Duration.ofMillis(50), Duration.ofSeconds(1), mayWrite::get, List.of(NS));
        controller.start();
        client.services().inNamespace("elsewhere").resource(new ServiceBuilder(service("other",
                Map.of(Annotations.EGRESS, "enabled", Annotations.EGRESS_TARGET_IP, "10.101.0.9"), null))
                .editMetadata().withNamespace("elsewhere").endMetadata().build()).create();
        create(service("cache", Map.of(Annotations.EGRESS, "enabled", Annotations.EGRESS_TARGET_IP, "10.101.0.8"),
                null));

        awaitPod("cache-egress-proxy");
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> client.pods().inNamespace("elsewhere").withName("other-egress-proxy").get() == null);
        // the base Role is namespaced: no list or watch (the informers') may go to the cluster-wide paths
        List<String> paths = api.drainRequests();
        assertThat(paths).filteredOn(p -> p.startsWith("GET ") && p.contains("?"))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p).contains("/namespaces/" + NS + "/"));
    }

    @Test
    void writesNothingWhileTheLeaseIsNotFreshAndCatchesUpAfterwards() {
        mayWrite.set(false);
        create(service("cache", Map.of(Annotations.EGRESS, "enabled", Annotations.EGRESS_TARGET_IP, "10.101.0.8"),
                null));
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20))
                .until(() -> client.pods().inNamespace(NS).withName("cache-egress-proxy").get() == null);
        mayWrite.set(true);
        awaitPod("cache-egress-proxy");
    }

    @Test
    void egressServiceGetsAnOwnedProxyPodAndEndpointSlice() {
        Service svc = create(service("db", Map.of(
                Annotations.EGRESS, "enabled", Annotations.EGRESS_TARGET_IP, "10.101.0.7",
                Annotations.SECRET_NAME, "nm-token", Annotations.SECRET_KEY, "key"), null));

        Pod pod = awaitPod("db-egress-proxy");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Service");
            assertThat(ref.getName()).isEqualTo("db");
            assertThat(ref.getUid()).isEqualTo(svc.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
        });
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("netclient", "proxy");
        Container netclient = pod.getSpec().getContainers().get(0);
        assertThat(netclient.getImage()).isEqualTo("netclient:test");
        assertThat(netclient.getEnv()).singleElement().satisfies(env -> {
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("nm-token");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("key");
        });
        assertThat(String.join(" ", pod.getSpec().getContainers().get(1).getCommand()))
                .contains("TARGET='10.101.0.7'").contains("PORTS='5432:5432/TCP'");

        client.pods().inNamespace(NS).resource(new PodBuilder(pod).editOrNewStatus().withPodIP("10.244.1.9")
                .endStatus().build()).updateStatus();

        EndpointSlice slice = await().atMost(Duration.ofSeconds(20)).until(
                () -> client.discovery().v1().endpointSlices().inNamespace(NS).withName("db").get(), e -> e != null);
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "db")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "service-proxy-controller.netmaker.io");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getAddresses()).containsExactly("10.244.1.9");
            assertThat(e.getConditions().getReady()).isTrue();
            assertThat(e.getTargetRef().getName()).isEqualTo("db-egress-proxy");
        });
        assertThat(slice.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(5432));
        assertThat(client.endpoints().inNamespace(NS).withName("db").get()).as("no core/v1 Endpoints").isNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> metrics.scrape().contains(
                "controller_runtime_reconcile_total{controller=\"service-proxy\",result=\"success\"}"));
    }

    @Test
    void changedAnnotationRecreatesThePodAndRemovedAnnotationDeletesIt() {
        create(service("db", Map.of(Annotations.EGRESS, "enabled", Annotations.EGRESS_TARGET_IP, "10.101.0.7"), null));
        String firstHash = awaitPod("db-egress-proxy").getMetadata().getAnnotations().get(Annotations.SPEC_HASH);

        client.services().inNamespace(NS).withName("db").edit(s -> new ServiceBuilder(s).editMetadata()
                .addToAnnotations(Annotations.EGRESS_TARGET_DNS, "db.netmaker.internal")
                .removeFromAnnotations(Annotations.EGRESS_TARGET_IP).endMetadata().build());
        Pod updated = await().atMost(Duration.ofSeconds(20)).until(() -> pod("db-egress-proxy"),
                p -> p != null && !firstHash.equals(p.getMetadata().getAnnotations().get(Annotations.SPEC_HASH)));
        assertThat(String.join(" ", updated.getSpec().getContainers().get(1).getCommand()))
                .contains("TARGET='db.netmaker.internal'");

        client.services().inNamespace(NS).withName("db").edit(s -> new ServiceBuilder(s).editMetadata()
                .removeFromAnnotations(Annotations.EGRESS).endMetadata().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> pod("db-egress-proxy") == null);
    }

    @Test
    void ingressServiceGetsAProxyBoundToTheBindIpOrTheInterfaceNeverAllInterfaces() {
        create(service("web", Map.of(Annotations.INGRESS, "enabled", Annotations.INGRESS_BIND_IP, "10.101.0.20"),
                "10.96.0.15"));
        create(service("api", Map.of(Annotations.INGRESS, "enabled"), "10.96.0.16"));

        String bound = String.join(" ", awaitPod("web-ingress-proxy").getSpec().getContainers().get(1).getCommand());
        assertThat(bound).contains("BIND_IP='10.101.0.20'").contains("TARGET='10.96.0.15'");
        String byInterface = String.join(" ", awaitPod("api-ingress-proxy").getSpec().getContainers().get(1).getCommand());
        assertThat(byInterface).contains("BIND_IP=''").contains("INTERFACE='netmaker'");
        assertThat(pod("web-egress-proxy")).isNull();
    }

    @Test
    void bothDirectionsGiveOneWarningEventAndNoIngressPod() {
        create(service("both", Map.of(Annotations.EGRESS, "enabled", Annotations.EGRESS_TARGET_IP, "10.101.0.7",
                Annotations.INGRESS, "enabled"), "10.96.0.17"));
        awaitPod("both-egress-proxy");
        await().atMost(Duration.ofSeconds(20)).until(() -> warnings("both").size() == 1);

        client.services().inNamespace(NS).withName("both").edit(s -> new ServiceBuilder(s).editMetadata()
                .addToLabels("touched", "yes").endMetadata().build());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20)).until(() -> warnings("both").size() == 1);
        assertThat(warnings("both").get(0).getMessage()).contains("both").contains("ingress proxy not created");
        assertThat(pod("both-ingress-proxy")).isNull();
    }

    @Test
    void deletedProxyPodIsRecreated() {
        create(service("db", Map.of(Annotations.EGRESS, "enabled", Annotations.EGRESS_TARGET_IP, "10.101.0.7"), null));
        String uid = awaitPod("db-egress-proxy").getMetadata().getUid();
        client.pods().inNamespace(NS).withName("db-egress-proxy").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> pod("db-egress-proxy"),
                p -> p != null && !uid.equals(p.getMetadata().getUid()));
    }

    private List<Event> warnings(String service) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()) && service.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private Service create(Service service) {
        return client.services().inNamespace(NS).resource(service).create();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private Pod awaitPod(String name) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> pod(name), p -> p != null);
    }

    private static Service service(String name, Map<String, String> annotations, String clusterIp) {
        int port = name.equals("db") ? 5432 : 80;
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                    .withClusterIP(clusterIp)
                    .addNewPort().withName("main").withPort(port).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }
}

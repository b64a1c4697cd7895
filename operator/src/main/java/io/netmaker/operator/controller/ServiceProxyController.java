package io.netmaker.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.netmaker.kubernetes.ObjectEvents;
import io.netmaker.kubernetes.Informers;
import io.netmaker.operator.events.EventRecorder;
import io.netmaker.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Service proxy controllers (egress and ingress) of the Go operator: informers on Services and on the
 * operator's pods feed one work queue keyed by {@code namespace/service}; each reconcile is idempotent.
 */
public final class ServiceProxyController implements AutoCloseable {
    public static final String NAME = "service-proxy";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxyController.class);
    /** The EndpointSlice labels Kubernetes reads: the Service it serves, and who manages it. */
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String SLICE_MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String SLICE_MANAGED_BY = "service-proxy-controller.netmaker.io"; // a label value: no "/"

    private final KubernetesClient client;
    private final ProxyPods pods;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    /** Warnings already recorded per Service uid, so each problem gives one Event. */
    private final Map<String, Set<String>> warned = new ConcurrentHashMap<>();

    private final BooleanSupplier mayWrite;
    private final List<String> namespaces;
    private WorkQueue queue;
    /** Service informers by namespace; the key {@link #ALL} holds the one informer over every namespace. */
    private final Map<String, SharedIndexInformer<Service>> services = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<Pod>> proxyPods = new java.util.ArrayList<>();
    private static final String ALL = "";

    /**
     * @param mayWrite whether this process may write now (it holds a fresh Lease, or runs without election); a
     *     reconcile that finds it false is retried later instead of writing beside a possible successor
     * @param namespaces the namespaces whose Services are reconciled ({@code WATCH_NAMESPACE}); empty = all, which
     *     needs cluster-wide RBAC (the watch-all-namespaces component)
     */
    public ServiceProxyController(KubernetesClient client, ProxyPods pods, EventRecorder events,
            OperatorMetrics metrics, Clock clock, Duration baseBackoff, Duration maxBackoff, BooleanSupplier mayWrite,
            List<String> namespaces) {
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
        this.mayWrite = mayWrite;
        this.pods = pods;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
    }

    public synchronized void start() {
        if (queue != null) {
            return;
        }
        LOG.info("controller starting controller={}", NAME);
        queue = new WorkQueue(NAME, this::reconcileMeasured, baseBackoff, maxBackoff);
        LOG.info("controller watching controller={} namespaces={}", NAME,
                namespaces.isEmpty() ? "*" : String.join(",", namespaces));
        for (String ns : namespaces.isEmpty() ? List.of(ALL) : namespaces) {
            var svc = ns.equals(ALL) ? client.services().inAnyNamespace() : client.services().inNamespace(ns);
            var pod = ns.equals(ALL) ? client.pods().inAnyNamespace() : client.pods().inNamespace(ns);
            services.put(ns, Informers.start(svc.runnableInformer(Duration.ofMinutes(10).toMillis()),
                    ObjectEvents.each(s -> queue.add(Cache.metaNamespaceKeyFunc(s)))));
            proxyPods.add(Informers.start(pod.withLabel(Annotations.LABEL_MANAGED_BY, Annotations.MANAGED_BY)
                    .runnableInformer(0), ObjectEvents.each(p -> {
                        String service = p.getMetadata().getLabels().get(Annotations.LABEL_SERVICE);
                        if (service != null) {
                            queue.add(p.getMetadata().getNamespace() + "/" + service);
                        }
                    })));
        }
    }

    public synchronized boolean isRunning() {
        return queue != null;
    }

    @Override
    public synchronized void close() {
        if (queue == null) {
            return;
        }
        LOG.info("controller stopping controller={}", NAME);
        services.values().forEach(SharedIndexInformer::close);
        services.clear();
        proxyPods.forEach(SharedIndexInformer::close);
        proxyPods.clear();
        queue.close();
        queue = null;
    }

    private boolean reconcileMeasured(String key) {
        Instant start = clock.instant();
        String result = "error";
        try {
            reconcile(key);
            result = "success";
            return true;
        } finally {
            metrics.reconciled(NAME, result, Duration.between(start, clock.instant()));
        }
    }

    /** Brings the proxy pods and the EndpointSlice of one Service in line with its annotations. */
    void reconcile(String key) {
        String namespace = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        if (!mayWrite.getAsBoolean()) {
            throw new IllegalStateException("lease not renewed within the renew deadline, not writing");
        }
        SharedIndexInformer<Service> informer = services.getOrDefault(namespace, services.get(ALL));
        if (informer == null) {
            return; // not a watched namespace (a stale key): nothing of ours to touch there
        }
        if (!informer.hasSynced()) {
            // an empty cache would look like deleted Services: wait (with back-off) for the first list
            throw new IllegalStateException("service cache not synced yet");
        }
        Service service = informer.getStore().getByKey(key);
        if (service == null) {
            for (ProxyKind kind : ProxyKind.values()) {
                deleteManagedPod(namespace, kind.podName(name));
            }
            return;
        }
        DesiredProxies desired = DesiredProxies.of(service);
        warnOnce(service, desired.problems());
        for (ProxyKind kind : ProxyKind.values()) {
            ensurePod(service, kind, desired.spec(kind));
        }
        syncEndpointSlice(service, desired.spec(ProxyKind.EGRESS));
    }

    private void ensurePod(Service service, ProxyKind kind, ProxySpec spec) {
        String namespace = service.getMetadata().getNamespace();
        String podName = kind.podName(service.getMetadata().getName());
        if (spec == null) {
            deleteManagedPod(namespace, podName);
            return;
        }
        Pod desired = pods.build(spec);
        Pod existing = client.pods().inNamespace(namespace).withName(podName).get();
        if (existing != null && !isManaged(existing)) {
            warnOnce(service, List.of(kind.label() + " proxy not created: pod " + podName
                    + " exists and is not managed by the operator"));
            return;
        }
        String wantHash = desired.getMetadata().getAnnotations().get(Annotations.SPEC_HASH);
        if (existing != null && wantHash.equals(annotation(existing, Annotations.SPEC_HASH))) {
            return;
        }
        if (existing != null) {
            LOG.info("proxy pod changed, recreating pod={}/{} kind={}", namespace, podName, kind.label());
            client.pods().inNamespace(namespace).withName(podName).delete();
        }
        client.pods().inNamespace(namespace).resource(desired).create();
        LOG.info("proxy pod created pod={}/{} kind={}", namespace, podName, kind.label());
    }

    private void deleteManagedPod(String namespace, String podName) {
        Pod existing = client.pods().inNamespace(namespace).withName(podName).get();
        if (existing != null && isManaged(existing)) {
            client.pods().inNamespace(namespace).withName(podName).delete();
            LOG.info("proxy pod deleted pod={}/{}", namespace, podName);
        }
    }

    /**
     * Points a selector-less egress Service at its proxy pod once the pod has an IP: a discovery.k8s.io/v1
     * EndpointSlice named like the Service, labelled {@code kubernetes.io/service-name} (what kube-proxy follows) and
     * {@code endpointslice.kubernetes.io/managed-by} (so Kubernetes' EndpointSlice controllers leave it alone).
     */
    private void syncEndpointSlice(Service service, ProxySpec egress) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        var slices = client.discovery().v1().endpointSlices().inNamespace(namespace);
        EndpointSlice existing = slices.withName(name).get();
        if (egress == null) {
            if (existing != null && isManaged(existing)) {
                slices.withName(name).delete();
                LOG.info("endpointslice deleted endpointslice={}/{}", namespace, name);
            }
            return;
        }
        Pod pod = client.pods().inNamespace(namespace).withName(ProxyKind.EGRESS.podName(name)).get();
        String podIp = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (podIp == null || podIp.isBlank()) {
            return; // the pod informer brings us back when the IP is assigned
        }
        List<Endpoint> endpoints = List.of(new EndpointBuilder()
                .withAddresses(podIp)
                .withNewConditions().withReady(true).endConditions()
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(namespace)
                        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build())
                .build());
        List<EndpointPort> ports = egress.ports().stream()
                .map(p -> new EndpointPortBuilder().withName(p.name()).withPort(p.targetPort())
                        .withProtocol(p.protocol()).build())
                .toList();
        Map<String, String> labels = Map.of(Annotations.LABEL_MANAGED_BY, Annotations.MANAGED_BY,
                SERVICE_NAME_LABEL, name, SLICE_MANAGED_BY_LABEL, SLICE_MANAGED_BY);
        if (existing == null) {
            slices.resource(new EndpointSliceBuilder()
                    .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                                .withName(name).withUid(service.getMetadata().getUid()).withController(true).build())
                    .endMetadata()
                    .withAddressType("IPv4")
                    .withEndpoints(endpoints)
                    .withPorts(ports)
                    .build()).create();
            LOG.info("endpointslice created endpointslice={}/{} podIP={}", namespace, name, podIp);
        } else if (!Objects.equals(existing.getEndpoints(), endpoints) || !Objects.equals(existing.getPorts(), ports)
                || !existing.getMetadata().getLabels().entrySet().containsAll(labels.entrySet())) {
            slices.withName(name).edit(e -> new EndpointSliceBuilder(e)
                    .editMetadata().addToLabels(labels).endMetadata()
                    .withEndpoints(endpoints)
                    .withPorts(ports)
                    .build());
            LOG.info("endpointslice updated endpointslice={}/{} podIP={}", namespace, name, podIp);
        }
    }

    private void warnOnce(Service service, List<String> problems) {
        String uid = service.getMetadata().getUid() == null
                ? Cache.metaNamespaceKeyFunc(service) : service.getMetadata().getUid();
        if (problems.isEmpty()) {
            warned.remove(uid);
            return;
        }
        Set<String> seen = warned.computeIfAbsent(uid, k -> ConcurrentHashMap.newKeySet());
        seen.retainAll(new HashSet<>(problems));
        for (String problem : problems) {
            if (seen.add(problem)) {
                LOG.warn("service proxy problem service={} problem={}", Cache.metaNamespaceKeyFunc(service), problem);
                events.warning(service, "ProxyConfigInvalid", problem);
            }
        }
    }

    private static boolean isManaged(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && Annotations.MANAGED_BY.equals(labels.get(Annotations.LABEL_MANAGED_BY));
    }

    private static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}

package io.netmaker.e2e.sandbox;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/** The operator's leader-election Lease ({@code coordination.k8s.io/v1}) as the API server holds it. */
public final class LeaseView {
    public static final String LEASE_NAME = "3820d23d.netmaker.io";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    public LeaseView(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public Optional<Lease> get() {
        try {
            return Optional.ofNullable(client.leases().inNamespace(namespace).withName(name).get());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    /** The current holder identity; empty when the Lease is absent or released. */
    public Optional<String> holder() {
        return get().map(Lease::getSpec)
                .map(spec -> spec.getHolderIdentity())
                .filter(h -> !h.isEmpty());
    }

    public int transitions() {
        return get().map(Lease::getSpec)
                .map(spec -> spec.getLeaseTransitions())
                .orElse(0);
    }
}

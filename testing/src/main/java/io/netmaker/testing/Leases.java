package io.netmaker.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Test moves on a coordination.k8s.io/v1 Lease, as another replica (or an administrator) would make them. */
public final class Leases {
    private Leases() {
    }

    /** A Lease held by {@code holder} (null: none) for 15 s, acquired and renewed at {@code renewed}. */
    public static Lease lease(String namespace, String name, String holder, Instant renewed) {
        ZonedDateTime at = ZonedDateTime.ofInstant(renewed, ZoneOffset.UTC);
        return new LeaseBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(15)
                .withRenewTime(at).withAcquireTime(at).withLeaseTransitions(0).endSpec().build();
    }

    /** Creates that Lease, or sets holder and renew time of the existing one (once: a conflict throws). */
    public static Lease put(KubernetesClient client, String namespace, String name, String holder, Instant renewed) {
        Lease lease = lease(namespace, name, holder, renewed);
        var resource = client.leases().inNamespace(namespace).withName(name);
        if (resource.get() == null) {
            return client.leases().inNamespace(namespace).resource(lease).create();
        }
        return resource.edit(l -> {
            l.getSpec().setHolderIdentity(holder);
            l.getSpec().setRenewTime(lease.getSpec().getRenewTime());
            return l;
        });
    }

    /**
     * Hands the existing Lease to {@code holder}, renewed now, retrying (up to 20 s) on the 409s a concurrently
     * renewing leader causes.
     */
    public static void usurp(KubernetesClient client, String namespace, String name, String holder) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            client.leases().inNamespace(namespace).withName(name).edit(l -> new LeaseBuilder(l).editSpec()
                    .withHolderIdentity(holder).withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build());
            return true;
        });
    }
}

package io.netmaker.agent.election;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Lease fixtures. */
final class Leases {
    static final String NS = "test";
    static final String NAME = "3820d23d.netmaker.io";
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** This replica's child elects as its pod name. */
    static final ChildIdentity IDENTITY = new PodNameIdentity("agent-0");

    private Leases() {}

    static LeaderSettings settings(ReadinessPolicy policy) {
        return new LeaderSettings(true, "", NAME, NS, true, "agent-0", "agent-0", policy,
                Duration.ofSeconds(2), Duration.ofSeconds(15));
    }

    /** A Lease held by {@code holder} (null: none), renewed {@code age} before {@link #NOW}. */
    static Lease lease(String holder, Duration age) {
        return new LeaseBuilder().withNewMetadata().withName(NAME).withNamespace(NS).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(15)
                .withRenewTime(ZonedDateTime.ofInstant(NOW.minus(age), ZoneOffset.UTC))
                .withAcquireTime(ZonedDateTime.ofInstant(NOW.minus(age), ZoneOffset.UTC))
                .withLeaseTransitions(0).endSpec().build();
    }

    static Lease put(KubernetesClient client, String holder, Duration age) {
        Lease lease = lease(holder, age);
        var resource = client.leases().inNamespace(NS).withName(NAME);
        if (resource.get() == null) {
            return client.leases().inNamespace(NS).resource(lease).create();
        }
        return resource.edit(l -> {
            l.getSpec().setHolderIdentity(holder);
            l.getSpec().setRenewTime(lease.getSpec().getRenewTime());
            return l;
        });
    }

    static String holderOnServer(KubernetesClient client) {
        Lease lease = client.leases().inNamespace(NS).withName(NAME).get();
        return LeaseWatch.holder(lease);
    }
}

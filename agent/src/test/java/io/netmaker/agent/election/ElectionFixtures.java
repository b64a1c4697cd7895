package io.netmaker.agent.election;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmaker.testing.Leases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The agent's election settings for tests, and the Lease moves of {@link Leases} on its Lease at a fixed time. */
final class ElectionFixtures {
    static final String NS = "test";
    static final String NAME = "3820d23d.netmaker.io";
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** This replica's child elects as its pod name. */
    static final ChildIdentity IDENTITY = new PodNameIdentity("agent-0");

    private ElectionFixtures() {}

    static LeaderSettings settings(ReadinessPolicy policy) {
        return new LeaderSettings(true, "", NAME, NS, true, "agent-0", "agent-0", policy,
                Duration.ofSeconds(2), Duration.ofSeconds(15));
    }

    /** Creates or updates the Lease: held by {@code holder} (null: none), renewed {@code age} before {@link #NOW}. */
    static Lease put(KubernetesClient client, String holder, Duration age) {
        return Leases.put(client, NS, NAME, holder, NOW.minus(age));
    }

    static String holderOnServer(KubernetesClient client) {
        return LeaseWatch.holder(client.leases().inNamespace(NS).withName(NAME).get());
    }
}

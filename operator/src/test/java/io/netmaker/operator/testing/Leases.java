package io.netmaker.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Test moves on a Lease. */
public final class Leases {
    private Leases() {
    }

    /** Hands the Lease to another holder, retrying on the 409s a concurrently renewing leader causes. */
    public static void usurp(KubernetesClient admin, String namespace, String name, String holder) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            admin.leases().inNamespace(namespace).withName(name).edit(l -> new LeaseBuilder(l).editSpec()
                    .withHolderIdentity(holder).withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build());
            return true;
        });
    }
}

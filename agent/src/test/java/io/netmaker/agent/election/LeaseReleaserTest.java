package io.netmaker.agent.election;

import static io.netmaker.agent.election.ElectionFixtures.holderOnServer;
import static io.netmaker.agent.election.ElectionFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netmaker.agent.election.LeaseReleaser.Outcome;
import io.netmaker.testing.MockApi;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeaseReleaserTest {
    /** The identity bound to the exited child. */
    private static final String BOUND = "agent-0_9a7b";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<Lease> cache = new AtomicReference<>();
    @RegisterExtension
    final MockApi api = new MockApi();
    private LeaseReleaser releaser;

    @BeforeEach
    void start() {
        releaser = new LeaseReleaser(api::client, cache::get, ElectionFixtures.settings(ReadinessPolicy.ALWAYS), registry,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        releaser.close();
    }

    @Test
    void childExitClearsTheHolderWhenItIsThisReplica() {
        cache.set(put(api.client(), "agent-0_9a7b", Duration.ZERO));

        releaser.release(BOUND, "child exited code=137");

        Lease after = api.client().leases().inNamespace(ElectionFixtures.NS).withName(ElectionFixtures.NAME).get();
        assertThat(LeaseWatch.holder(after)).isNull();
        assertThat(after.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
        assertThat(registry.get("netmaker_agent_lease_releases").tag("outcome", "released").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void staleCacheNamingThisReplicaNeverClearsAnotherHolder() {
        Lease stale = put(api.client(), "agent-0_9a7b", Duration.ZERO);
        put(api.client(), "other-pod_1c2d", Duration.ZERO);
        cache.set(stale);

        assertThat(releaser.release(BOUND, "test")).isEqualTo(Outcome.NOT_HOLDER);

        assertThat(holderOnServer(api.client())).isEqualTo("other-pod_1c2d");
    }

    @Test
    void staleResourceVersionIsRetriedWhenTheLeaseStillNamesThisReplica() {
        Lease stale = put(api.client(), "agent-0_9a7b", Duration.ofSeconds(2));
        put(api.client(), "agent-0_9a7b", Duration.ZERO);
        cache.set(stale);

        assertThat(releaser.release(BOUND, "test")).isEqualTo(Outcome.RELEASED);

        assertThat(holderOnServer(api.client())).isNull();
    }

    @Test
    void theMockApiServerRefusesAStaleResourceVersion() {
        Lease stale = put(api.client(), "agent-0_9a7b", Duration.ZERO);
        put(api.client(), "other-pod_1c2d", Duration.ZERO);
        stale.getSpec().setHolderIdentity(null);

        var failure = catchThrowableOfType(
                io.fabric8.kubernetes.client.KubernetesClientException.class,
                () -> api.client().leases().inNamespace(ElectionFixtures.NS).resource(stale).update());

        assertThat(failure.getCode()).isEqualTo(409);
    }

    @Test
    void withoutABoundIdentityNothingIsReleased() {
        put(api.client(), "agent-0_9a7b", Duration.ZERO);
        assertThat(releaser.release(null, "test")).isEqualTo(Outcome.NO_IDENTITY);
        assertThat(holderOnServer(api.client())).isEqualTo("agent-0_9a7b");
    }

    @Test
    void aHolderWithTheSameHostnamePrefixIsNeverReleased() {
        put(api.client(), "agent-0_ffff", Duration.ZERO);
        assertThat(releaser.release(BOUND, "test")).isEqualTo(Outcome.NOT_HOLDER);
        assertThat(holderOnServer(api.client())).isEqualTo("agent-0_ffff");
    }

    @Test
    void nothingHappensWhenAnotherReplicaLeadsOrThereIsNoLease() {
        assertThat(releaser.release(BOUND, "test")).isEqualTo(Outcome.ABSENT);
        put(api.client(), "other-pod_1c2d", Duration.ZERO);
        assertThat(releaser.release(BOUND, "test")).isEqualTo(Outcome.NOT_HOLDER);
        assertThat(holderOnServer(api.client())).isEqualTo("other-pod_1c2d");
    }

    @Test
    void releaseGivesUpWithinItsTimeoutWhenTheApiServerIsDown() {
        put(api.client(), "agent-0_9a7b", Duration.ZERO);
        api.stop();

        Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> releaser.release(BOUND, "test"));

        assertThat(outcome).isIn(Outcome.TIMED_OUT, Outcome.FAILED);
    }

    @Test
    void aStandbyTakesOverRightAfterTheRelease() throws Exception {
        put(api.client(), "agent-0_9a7b", Duration.ZERO);
        api.client().leases().inNamespace(ElectionFixtures.NS).withName(ElectionFixtures.NAME).edit(l -> {
            l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            return l;
        });
        AtomicLong acquiredAt = new AtomicLong();
        KubernetesClient standbyClient = api.newClient();
        CompletableFuture<?> standby = standbyClient.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("standby")
                .withLock(new LeaseLock(ElectionFixtures.NS, ElectionFixtures.NAME, "other-pod_standby"))
                .withLeaseDuration(Duration.ofSeconds(15))
                .withRenewDeadline(Duration.ofSeconds(10))
                .withRetryPeriod(Duration.ofMillis(500))
                .withLeaderCallbacks(new LeaderCallbacks(() -> acquiredAt.set(System.nanoTime()), () -> { }, id -> { }))
                .build()).build().start();
        try {
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20))
                    .until(() -> "agent-0_9a7b".equals(holderOnServer(api.client())));

            long releasedAt = System.nanoTime();
            releaser.release(BOUND, "child exited code=1");

            await().atMost(Duration.ofSeconds(20)).until(() -> acquiredAt.get() != 0);
            assertThat(holderOnServer(api.client())).isEqualTo("other-pod_standby");
            System.out.printf("release-to-takeover ms=%d (standby retry period 500 ms)%n",
                    (acquiredAt.get() - releasedAt) / 1_000_000);
        } finally {
            standby.cancel(true);
        }
    }
}

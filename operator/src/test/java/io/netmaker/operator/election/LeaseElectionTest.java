package io.netmaker.operator.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmaker.operator.config.ElectionTimings;
import io.netmaker.operator.events.EventRecorder;
import io.netmaker.operator.testing.ElectionFixtures;
import io.netmaker.testing.Leases;
import io.netmaker.testing.MockApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseElectionTest {
    private static final String NS = "default";
    private static final String LEASE = "3820d23d.netmaker.io";
    private static final ElectionTimings FAST = ElectionFixtures.TIMINGS;

    private final MockApi api = new MockApi();
    private final KubernetesClient admin = api.defaultClient();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        api.close();
    }

    private Candidate candidate(String identity) {
        KubernetesClient client = api.defaultClient();
        Candidate c = new Candidate(identity);
        c.election = new LeaseElection(client, NS, LEASE, identity, FAST, c,
                new EventRecorder(client, "netmaker-operator", identity, Clock.systemUTC()));
        cleanup.add(c.election); // before its client, so a leader can still release
        cleanup.add(client);
        return c;
    }

    private String holder() {
        Lease lease = admin.leases().inNamespace(NS).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void exactlyOneOfTwoLeads() {
        Candidate a = candidate("a");
        Candidate b = candidate("b");
        a.election.start();
        b.election.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> a.election.isLeader() || b.election.isLeader());
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(20)).until(() ->
                a.election.isLeader() ^ b.election.isLeader());
        Candidate leader = a.election.isLeader() ? a : b;
        assertThat(holder()).isEqualTo(leader.identity);
        assertThat(leader.events).containsExactly("started");
        assertThat((a.election.isLeader() ? b : a).events).doesNotContain("started");
    }

    @Test
    void leaderRecordsALeaderElectionEventOnTheLease() {
        Candidate a = candidate("a");
        a.election.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> leaderEvents().anyMatch(e ->
                "a became leader".equals(e.getMessage())));
        Event event = leaderEvents().findFirst().orElseThrow();
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Lease");
        assertThat(event.getInvolvedObject().getName()).isEqualTo(LEASE);
        assertThat(event.getType()).isEqualTo("Normal");
    }

    @Test
    void gracefulStopHandsTheLeaseOverBeforeItExpires() {
        Candidate a = candidate("a");
        a.election.start();
        await().atMost(Duration.ofSeconds(20)).until(a.election::isLeader);
        Candidate b = candidate("b");
        b.election.start();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20)).until(() -> !b.election.isLeader());

        a.election.close();
        Instant released = Instant.now();
        assertThat(a.events).containsExactly("started"); // a graceful stop is not a lost Lease

        // measured with b's own acquire time on the Lease, so a slow poll under load cannot fail it
        await().atMost(Duration.ofSeconds(20)).until(() -> "b".equals(holder()));
        Instant acquired = admin.leases().inNamespace(NS).withName(LEASE).get().getSpec().getAcquireTime().toInstant();
        assertThat(acquired).isBefore(released.plus(FAST.leaseDuration())); // taken on release, not on expiry
        await().atMost(Duration.ofSeconds(20)).until(b.election::isLeader);
    }

    @Test
    void staleHolderIsTakenOverAfterTheLeaseExpires() {
        ZonedDateTime renewed = ZonedDateTime.now(ZoneOffset.UTC);
        admin.leases().inNamespace(NS).resource(new LeaseBuilder()
                .withNewMetadata().withName(LEASE).withNamespace(NS).endMetadata()
                .withNewSpec()
                    .withHolderIdentity("crashed")
                    .withLeaseDurationSeconds(2)
                    .withAcquireTime(renewed)
                    .withRenewTime(renewed)
                    .withLeaseTransitions(0)
                .endSpec().build()).create();
        Candidate b = candidate("b");
        b.election.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> b.startedAt != null);
        assertThat(holder()).isEqualTo("b");
        assertThat(b.startedAt).isAfterOrEqualTo(renewed.toInstant().plusSeconds(2)); // the Lease's own duration
        assertThat(b.leaders).contains("crashed", "b");
    }

    @Test
    void aLeaseTakenByAnotherHolderIsReportedAsLost() {
        Candidate a = candidate("a");
        a.election.start();
        await().atMost(Duration.ofSeconds(20)).until(a.election::isLeader);

        Leases.usurp(admin, NS, LEASE, "usurper");

        await().atMost(Duration.ofSeconds(20)).until(() -> a.events.contains("lost"));
        assertThat(a.election.isLeader()).isFalse();
    }

    private Stream<Event> leaderEvents() {
        return admin.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "LeaderElection".equals(e.getReason()));
    }

    private static final class Candidate implements LeaderListener {
        final String identity;
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> leaders = new CopyOnWriteArrayList<>();
        volatile Instant startedAt;
        LeaseElection election;

        Candidate(String identity) {
            this.identity = identity;
        }

        @Override
        public void startedLeading() {
            startedAt = Instant.now();
            events.add("started");
        }

        @Override
        public void lostLeadership() {
            events.add("lost");
        }

        @Override
        public void newLeader(String leader) {
            leaders.add(leader);
        }
    }
}

package io.netmaker.e2e;

import static org.awaitility.Awaitility.await;

import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.HttpProbe;
import io.netmaker.e2e.sandbox.PrometheusText;
import io.netmaker.e2e.target.Target;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** What the scenarios read from a target: agents' {@code /status} and {@code /metrics}, leaders and handovers. */
final class Observer {
    /** A leadership handover: the new leader and how long after the disruption the cluster agreed on it. */
    record Handover(String from, String to, long millis) {}

    private final Target target;

    Observer(Target target) {
        this.target = target;
    }

    Optional<AgentStatus> status(String pod) {
        HttpProbe.Result r = target.http(pod, "/status");
        return r.ok() ? AgentStatus.parse(r.body()) : Optional.empty();
    }

    Optional<PrometheusText> metrics(String pod) {
        HttpProbe.Result r = target.http(pod, "/metrics");
        return r.ok() ? Optional.of(PrometheusText.parse(r.body())) : Optional.empty();
    }

    boolean agentLeading(String pod) {
        return status(pod).map(AgentStatus::leading).orElse(false);
    }

    List<String> leadingAgents() {
        return target.replicas().stream().filter(this::agentLeading).toList();
    }

    /**
     * Waits until exactly one agent reports leading and it is the Lease holder; returns its Pod name.
     */
    String awaitSingleLeader(Duration atMost) {
        AtomicReference<String> leader = new AtomicReference<>();
        await("exactly one leader, agreeing with the Lease").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Optional<String> holder = target.leader();
                    List<String> leading = leadingAgents();
                    if (holder.isPresent() && leading.equals(List.of(holder.get()))) {
                        leader.set(holder.get());
                        return true;
                    }
                    return false;
                });
        return leader.get();
    }

    /**
     * Waits until another replica than {@code from} holds the Lease and its agent reports leading; the time is
     * counted from {@code startNanos} (just before the disruption).
     */
    Handover awaitHandover(String from, long startNanos, Duration atMost) {
        AtomicReference<String> to = new AtomicReference<>();
        await("leadership handed over from " + from).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Optional<String> holder = target.leader().filter(h -> !h.equals(from));
                    if (holder.isPresent() && agentLeading(holder.get())) {
                        to.set(holder.get());
                        return true;
                    }
                    return false;
                });
        return new Handover(from, to.get(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    boolean ready(String pod) {
        return target.http(pod, "/readyz").ok();
    }
}

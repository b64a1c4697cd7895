package io.netmaker.e2e;

import io.netmaker.e2e.target.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Samples every replica every 100 ms, in parallel: the agent's {@code /status} leading flag and the operator's own
 * {@code leader_election_master_status}. A round in which two replicas claim leadership is a split brain.
 */
final class LeadershipSampler extends RoundSampler<LeadershipSampler.Round> {
    /** One sampling round: per Pod, the agent's flag and the operator's (empty when it did not answer in time). */
    record Round(long atMillis, Map<String, Boolean> agents, Map<String, Optional<Boolean>> operators) {
        List<String> agentLeaders() {
            return agents.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        }

        List<String> operatorLeaders() {
            return operators.entrySet().stream().filter(e -> e.getValue().orElse(false)).map(Map.Entry::getKey).toList();
        }

        /** Two agents report their Pod leading (from the Lease they watch). */
        boolean agentsSplit() {
            return agentLeaders().size() > 1;
        }

        /** Two operators report {@code leader_election_master_status 1}: their own belief, what they act on. */
        boolean operatorsSplit() {
            return operatorLeaders().size() > 1;
        }
    }

    private final Target target;
    private final Observer observer;
    private final List<String> pods;

    LeadershipSampler(Target target) {
        this.target = target;
        this.observer = new Observer(target);
        this.pods = target.replicas();
    }

    LeadershipSampler start() {
        startSampling();
        return this;
    }

    @Override
    protected Round sample(long atMillis) {
        Map<String, CompletableFuture<Boolean>> agents = new LinkedHashMap<>();
        Map<String, CompletableFuture<Optional<Boolean>>> operators = new LinkedHashMap<>();
        for (String pod : pods) {
            agents.put(pod, CompletableFuture.supplyAsync(() -> observer.agentLeading(pod), probes));
            operators.put(pod, CompletableFuture.supplyAsync(() -> target.operatorLeading(pod), probes));
        }
        Map<String, Boolean> agentFlags = new LinkedHashMap<>();
        Map<String, Optional<Boolean>> operatorFlags = new LinkedHashMap<>();
        agents.forEach((pod, f) -> agentFlags.put(pod, within(f, false)));
        operators.forEach((pod, f) -> operatorFlags.put(pod, within(f, Optional.empty())));
        return new Round(atMillis, agentFlags, operatorFlags);
    }
}

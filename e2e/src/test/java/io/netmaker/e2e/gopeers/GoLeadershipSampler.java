package io.netmaker.e2e.gopeers;

import io.netmaker.e2e.gopeers.GoPeerCluster.AgentView;
import io.netmaker.e2e.RoundSampler;
import io.netmaker.e2e.gopeers.GoPeerCluster.Belief;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Samples every 100 ms, in parallel: what each Go process believes ({@code /leader}), what each agent exports
 * ({@code netmaker_agent_leader}, {@code /status} leader state, releases) and the Lease holder.
 */
final class GoLeadershipSampler extends RoundSampler<GoLeadershipSampler.Round> {
    record Round(long atMillis, List<Optional<Belief>> beliefs, List<Optional<AgentView>> agents,
                 Optional<String> holder) {
        /** The replicas whose Go process believes it leads. */
        List<Integer> goLeaders() {
            List<Integer> leaders = new ArrayList<>();
            for (int i = 0; i < beliefs.size(); i++) {
                if (beliefs.get(i).map(Belief::leading).orElse(false)) {
                    leaders.add(i);
                }
            }
            return leaders;
        }

        /** The identity of replica {@code i}'s Go process, when it answered. */
        Optional<String> identity(int i) {
            return beliefs.get(i).map(Belief::identity);
        }
    }

    private final GoPeerCluster cluster;

    GoLeadershipSampler(GoPeerCluster cluster) {
        this.cluster = cluster;
    }

    GoLeadershipSampler start() {
        startSampling();
        return this;
    }

    @Override
    protected Round sample(long atMillis) {
        List<CompletableFuture<Optional<Belief>>> beliefs = new ArrayList<>();
        List<CompletableFuture<Optional<AgentView>>> agents = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            int index = i;
            beliefs.add(CompletableFuture.supplyAsync(() -> cluster.belief(index), probes));
            agents.add(CompletableFuture.supplyAsync(() -> cluster.agent(index), probes));
        }
        CompletableFuture<Optional<String>> holder = CompletableFuture.supplyAsync(cluster::leaseHolder, probes);
        return new Round(atMillis, beliefs.stream().map(f -> within(f, Optional.<Belief>empty())).toList(),
                agents.stream().map(f -> within(f, Optional.<AgentView>empty())).toList(),
                within(holder, Optional.empty()));
    }
}

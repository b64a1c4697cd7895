package io.netmaker.e2e.bench;

import io.netmaker.e2e.gopeers.GoPeerCluster;
import io.netmaker.e2e.gopeers.GoPeerCluster.Belief;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Go election peers as a bench {@link Cluster}: the holder is the Lease's identity ({@code hostname_uuid}), a
 * replica "leads" when its Go process says so ({@code /leader}); replicas are named by index.
 */
final class GoCluster implements Cluster {
    private final GoPeerCluster peers;
    /** The replica of each identity a fault was aimed at (a dead process cannot be asked any more). */
    private final Map<String, Integer> faulted = new ConcurrentHashMap<>();

    GoCluster(GoPeerCluster peers) {
        this.peers = peers;
    }

    @Override
    public Optional<String> holder() {
        return peers.leaseHolder();
    }

    @Override
    public boolean leading(String identity) {
        return replicaOf(identity).isPresent()
                && peers.belief(replicaOf(identity).getAsInt()).map(Belief::leading).orElse(false);
    }

    @Override
    public boolean operatorUp(String replica) {
        return peers.goUp(Integer.parseInt(replica));
    }

    @Override
    public List<String> identities() {
        return IntStream.range(0, peers.size()).mapToObj(Integer::toString).toList();
    }

    @Override
    public void crashOperator(String identity) {
        peers.killGo(aim(identity));
    }

    @Override
    public void terminate(String identity) {
        peers.terminate(aim(identity));
    }

    @Override
    public void recover(String identity) {
        Integer i = faulted.remove(identity);
        if (i != null) {
            Procs.waitUntil(() -> peers.goPid(i).isEmpty() || peers.goUp(i), Duration.ofSeconds(15), 50);
            peers.recover(i, Duration.ofSeconds(10));
        }
    }

    private int aim(String identity) {
        int i = replicaOf(identity).orElseThrow(() -> new IllegalStateException("no Go peer is " + identity));
        faulted.put(identity, i);
        return i;
    }

    private OptionalInt replicaOf(String identity) {
        return IntStream.range(0, peers.size())
                .filter(i -> peers.belief(i).map(b -> b.identity().equals(identity)).orElse(false))
                .findFirst();
    }

    @Override
    public void close() {
        peers.close();
    }
}

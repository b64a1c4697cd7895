package io.netmaker.agent.election;

import io.netmaker.healthz.Checker;
import java.util.Optional;

/** The {@code leader} readiness check for the {@code leader} and {@code leader-or-standby} policies. */
public final class LeaderReadiness implements Checker {
    public static final String NAME = "leader";

    private final ReadinessPolicy policy;
    private final LeaseWatch lease;

    private LeaderReadiness(ReadinessPolicy policy, LeaseWatch lease) {
        this.policy = policy;
        this.lease = lease;
    }

    /** The check for a policy; empty for {@code always}, which needs none. */
    public static Optional<Checker> forPolicy(ReadinessPolicy policy, LeaseWatch lease) {
        return policy == ReadinessPolicy.ALWAYS ? Optional.empty() : Optional.of(new LeaderReadiness(policy, lease));
    }

    @Override
    public void check() {
        if (!lease.known()) {
            throw new IllegalStateException("leader state unknown: the Lease is not watched live");
        }
        if (lease.leading()) {
            return;
        }
        if (policy == ReadinessPolicy.LEADER) {
            throw new IllegalStateException("not the leader");
        }
        if (!lease.liveLeaderElsewhere()) {
            throw new IllegalStateException("standby without a live leader elsewhere");
        }
    }
}

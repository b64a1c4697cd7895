package io.netmaker.operator.election;

/** What the operator does on leadership changes. Called in order on one callback thread, never on the renew loop. */
public interface LeaderListener {
    void startedLeading();

    /** Leadership ended without {@link LeaseElection#close()}: the Lease was lost. */
    void lostLeadership();

    default void newLeader(String identity) {
    }
}

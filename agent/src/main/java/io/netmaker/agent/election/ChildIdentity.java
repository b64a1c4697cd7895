package io.netmaker.agent.election;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.Map;

/**
 * The Lease holder identity of this replica's current child, and what it makes of a holder. Only an identity bound
 * to a child is ever compared with a holder: never a prefix, never another replica's name.
 */
public interface ChildIdentity {

    /** The rule in use, for the start-up log and {@code /status}. */
    String rule();

    /** What the holder means for this replica. */
    LeaderState stateFor(String holder);

    /** A child started (called on the supervisor's thread). */
    void childStarted(long pid);

    /** The child exited: returns the identity bound to it (null when none) and forgets it. */
    String childExited();

    /** Every version of the Lease the watch sees, in order. */
    default void leaseObserved(Lease lease) {}

    /** Details for {@code /status} (the bound identity, or why there is none). */
    Map<String, Object> view();
}

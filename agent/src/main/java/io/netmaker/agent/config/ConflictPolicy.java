package io.netmaker.agent.config;

/** What to do when a planned port is already bound by someone else. */
public enum ConflictPolicy {
    /** Walk upward to the next free port that no other role uses and that is not reserved. */
    NEXT_FREE,
    /** Exit with a clear message. */
    FAIL
}

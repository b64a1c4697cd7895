package io.netmaker.agent.election;

/** Which replicas report ready ({@code AGENT_READINESS_POLICY}). */
public enum ReadinessPolicy {
    /** Every healthy replica is ready, so rolling updates never deadlock. */
    ALWAYS,
    /** Only the replica whose child holds the Lease is ready. */
    LEADER,
    /** Ready when leading, or when a live leader exists elsewhere. */
    LEADER_OR_STANDBY
}

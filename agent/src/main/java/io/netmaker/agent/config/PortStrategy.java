package io.netmaker.agent.config;

/** How the health probe and proxy ports are seeded when not set explicitly. */
public enum PortStrategy {
    /** Hash only when the pod shares the node's network (POD_IP equals HOST_IP, or AGENT_HOST_NETWORK=true). */
    AUTO,
    /** Always hash the pod name when POD_NAME is set. */
    HASH,
    /** Never hash: 8081 and 8085 unless set explicitly. */
    FIXED
}

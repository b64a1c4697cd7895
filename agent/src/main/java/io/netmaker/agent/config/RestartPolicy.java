package io.netmaker.agent.config;

/** When the supervisor starts the child again after it exits on its own. */
public enum RestartPolicy {
    /** Restart after a non-zero exit or a signal death; a clean exit 0 ends the agent with 0. */
    ON_FAILURE,
    /** Restart after any exit. */
    ALWAYS,
    /** Never restart: the agent exits with the child's code. */
    NEVER
}

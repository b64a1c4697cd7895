package io.netmaker.agent.child;

/**
 * One end of the child.
 *
 * @param code exit code as the agent would report it (child code or 128+signal)
 * @param reason short text
 * @param restarting whether the supervisor will start it again
 */
public record ChildExit(int code, String reason, boolean restarting) {}

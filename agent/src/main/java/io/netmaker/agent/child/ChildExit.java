package io.netmaker.agent.child;

/**
 * One end of the child, or the agent's end without one (gate refused, command not startable, stopped first).
 *
 * @param code exit code as the agent would report it (child code or 128+signal)
 * @param cause why it ended, as a type (what metrics, /status and the termination log read)
 * @param reason short text for people (logs, /status)
 * @param restarting whether the supervisor will start it again
 */
public record ChildExit(int code, ExitCause cause, String reason, boolean restarting) {}

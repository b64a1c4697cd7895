package io.netmaker.agent.child;

import java.util.Arrays;
import java.util.List;

/**
 * Why the child's run ended, or why the agent ends: the one structured cause that the {@code reason} label of
 * {@code netmaker_agent_child_restarts_total}, the {@code child} section of {@code /status}, the termination log and
 * the supervisor's log lines all read. Its {@link #label()} is stable; the free-text reason beside it is for people.
 */
public enum ExitCause {
    /** The child exited on its own (restarted when the restart policy says so). */
    EXIT("exit", true),
    /** The child died of a signal the agent did not send. */
    SIGNAL("signal", true),
    /** The child failed after reporting a taken port: the agent re-plans its ports before starting it again. */
    ADDRESS_IN_USE("address-in-use", true),
    /** The agent's liveness probe of the child's own {@code /healthz} failed too often: restart asked for. */
    LIVENESS("liveness", true),
    /** The sidecar's loss policy or its interface's address change: restart asked for. */
    SIDECAR("sidecar", true),
    /** A loss policy restarted it: its sidecar's WireGuard tunnel went silent (AGENT_TUNNEL_CHECK). */
    TUNNEL("tunnel", true),
    /** The child reports leading while the Lease names another holder: restart asked for. */
    STALE_LEADER("stale-leader", true),
    /** The agent got SIGTERM or SIGINT: the child was stopped for good. */
    STOPPED("stopped", false),
    /** The restart budget is spent: too many fast failures in a row. */
    GAVE_UP("gave-up", false),
    /** The start gate refused the first start (a fatal sidecar wait). */
    GATE_REFUSED("gate-refused", false),
    /** The command could not be started at all. */
    CANNOT_START("cannot-start", false);

    /** Every cause a restart can have, i.e. every {@code reason} of {@code child_restarts_total}, in order. */
    public static final List<ExitCause> RESTARTS =
            Arrays.stream(values()).filter(ExitCause::canRestart).toList();

    private final String label;
    private final boolean canRestart;

    ExitCause(String label, boolean canRestart) {
        this.label = label;
        this.canRestart = canRestart;
    }

    /** The stable lower-case name: metric label, {@code /status} value, termination log prefix. */
    public String label() {
        return label;
    }

    /** Whether a run that ended so can be followed by a restart. */
    public boolean canRestart() {
        return canRestart;
    }
}

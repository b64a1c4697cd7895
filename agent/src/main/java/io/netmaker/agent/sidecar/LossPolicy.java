package io.netmaker.agent.sidecar;

/** What the agent does when a ready sidecar stops being ready ({@code AGENT_SIDECAR_LOSS_POLICY}). */
public enum LossPolicy {
    /** {@code /readyz} fails with the {@code sidecar} check until the sidecar is back. */
    UNREADY,
    /** Restart the child. */
    RESTART,
    /** Restart the child only while it leads, so that the Lease moves to a replica whose tunnel works. */
    STEP_DOWN,
    /** Log it and carry on. */
    IGNORE
}

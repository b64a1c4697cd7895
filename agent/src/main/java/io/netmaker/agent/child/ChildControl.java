package io.netmaker.agent.child;

/** Lets other parts ask for a child restart (liveness, sidecar loss policy, address change, stale leader). */
public interface ChildControl {
    /**
     * @param cause one of the causes a part may ask for ({@link ExitCause#LIVENESS}, {@link ExitCause#SIDECAR}, {@link ExitCause#TUNNEL},
     *     {@link ExitCause#STALE_LEADER})
     * @param detail what happened, for the logs and {@code /status}
     */
    void restart(ExitCause cause, String detail);
}

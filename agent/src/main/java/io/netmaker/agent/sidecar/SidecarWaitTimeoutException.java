package io.netmaker.agent.sidecar;

/** The sidecar did not become ready in time and {@code AGENT_SIDECAR_WAIT_FATAL} is set: the agent exits 1. */
public final class SidecarWaitTimeoutException extends RuntimeException {
    public static final int EXIT_CODE = 1;

    public SidecarWaitTimeoutException(String message) {
        super(message);
    }
}

package io.netmaker.agent.sidecar;

import io.netmaker.agent.child.StartGate;

/** The sidecar did not become ready in time and {@code AGENT_SIDECAR_WAIT_FATAL} is set: the agent exits 1. */
public final class SidecarWaitTimeoutException extends StartGate.Refused {
    public static final int EXIT_CODE = 1;

    public SidecarWaitTimeoutException(String message) {
        super(EXIT_CODE, message);
    }
}

package io.netmaker.agent.child;

/** Holds the first child start until it returns (sidecar wait gate). OPEN returns at once. */
public interface StartGate {
    void await() throws InterruptedException;

    StartGate OPEN = () -> {};
}

package io.netmaker.agent.sidecar;

/**
 * Told just before a loss policy restarts a leading child to step down, so that whoever holds the child's restart
 * (the standby-first hold in {@code io.netmaker.agent.election}) knows the next exit is a step-down.
 */
@FunctionalInterface
public interface StepDownListener {
    void steppingDown();

    StepDownListener NONE = () -> {};
}

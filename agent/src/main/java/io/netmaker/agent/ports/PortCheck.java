package io.netmaker.agent.ports;

/** Answers whether a port can be bound now. The real one binds it; tests pass a set. */
@FunctionalInterface
public interface PortCheck {
    boolean isFree(int port);
}

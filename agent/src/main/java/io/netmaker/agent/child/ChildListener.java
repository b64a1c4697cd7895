package io.netmaker.agent.child;

/** Observes the child's life. Called on the supervisor's thread; must not block long. */
public interface ChildListener {
    default void started(long pid) {}

    default void exited(ChildExit exit) {}
}

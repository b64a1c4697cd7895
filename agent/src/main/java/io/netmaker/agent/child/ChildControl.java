package io.netmaker.agent.child;

/** Lets other parts ask for a child restart (sidecar loss policy, address change). */
public interface ChildControl {
    void restart(String reason);
}

package io.netmaker.agent.http;

/** One section of the /status JSON, rendered with Jackson from snapshot(). */
public interface StatusSection {
    String name();

    Object snapshot();
}

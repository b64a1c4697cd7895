package io.netmaker.agent;

import io.netmaker.agent.config.AgentConfig;
import io.netmaker.agent.config.EnvReader;

/**
 * A part of the agent outside the core (leader election watch, sidecar watch), built with its collaborators in
 * {@link Main#extensions()}. Both methods run on the main thread before the child starts, so they must not block (no
 * Kubernetes calls: start those in {@link Agent.Builder#onStart} hooks or your own threads). The extension points
 * are the {@link Agent.Builder} methods: {@code listener}, {@code startGate} (one), {@code readinessCheck},
 * {@code livenessCheck}, {@code statusSection}, {@code meters}/{@code meterBinder}, {@code onStart}, {@code onStop},
 * and the handles {@code childControl} (restarts) and {@code childMetrics} (the child's own metrics).
 */
public interface AgentExtension {

    /** Reads this part's settings through the shared reader, so that errors are reported together (exit 2). */
    void configure(EnvReader env, AgentConfig core);

    /** Adds listeners, a start gate, checks, status sections and hooks; keep the ChildControl for restarts. */
    void contribute(Agent.Builder agent);
}

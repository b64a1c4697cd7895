package io.netmaker.agent.config;

import java.time.Duration;

/**
 * The agent's liveness probe of the child's own {@code /healthz} (kubelet probes the agent, so the agent must
 * restart a child that is alive but hung): every {@code period} once the child has run {@code delay}, a restart
 * after {@code failures} failed calls in a row; {@code failures == 0} turns it off.
 */
public record ChildLivenessSettings(int failures, Duration period, Duration delay) {
    public static final ChildLivenessSettings OFF = new ChildLivenessSettings(0, Duration.ofSeconds(10),
            Duration.ofSeconds(30));

    public boolean enabled() {
        return failures > 0;
    }

    static ChildLivenessSettings parse(EnvReader env) {
        Duration period = env.duration(Settings.row(Settings.CHILD_LIVENESS_PERIOD));
        if (period.isZero()) {
            env.reject(Settings.CHILD_LIVENESS_PERIOD, "0", "a duration above 0 like 10s");
        }
        return new ChildLivenessSettings(env.nonNegativeInt(Settings.row(Settings.CHILD_LIVENESS_FAILURES)), period,
                env.duration(Settings.row(Settings.CHILD_LIVENESS_DELAY)));
    }
}

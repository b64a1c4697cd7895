package io.netmaker.agent.config;

import java.nio.file.Path;
import java.time.Duration;

/** How the child is stopped, restarted and reported. */
public record SupervisionSettings(
        RestartPolicy restartPolicy,
        int maxRestarts,
        Duration shutdownGrace,
        Duration backoffBase,
        Duration backoffMax,
        Duration resetAfter,
        Duration childProbeTimeout,
        Path terminationLog,
        ChildLivenessSettings liveness) {

    /** Without the child liveness probe (tests of restarts and stops). */
    public SupervisionSettings(RestartPolicy restartPolicy, int maxRestarts, Duration shutdownGrace,
            Duration backoffBase, Duration backoffMax, Duration resetAfter, Duration childProbeTimeout,
            Path terminationLog) {
        this(restartPolicy, maxRestarts, shutdownGrace, backoffBase, backoffMax, resetAfter, childProbeTimeout,
                terminationLog, ChildLivenessSettings.OFF);
    }

    static SupervisionSettings parse(EnvReader env) {
        Duration base = env.duration(Settings.row(Settings.RESTART_BACKOFF));
        Duration max = env.duration(Settings.row(Settings.RESTART_BACKOFF_MAX));
        if (max.compareTo(base) < 0) {
            env.reject(Settings.RESTART_BACKOFF_MAX, max.toMillis() + "ms",
                    "at least " + Settings.RESTART_BACKOFF + " (" + base.toMillis() + "ms)");
        }
        Duration probeTimeout = env.duration(Settings.row(Settings.CHILD_PROBE_TIMEOUT));
        if (probeTimeout.isZero()) {
            env.reject(Settings.CHILD_PROBE_TIMEOUT, "0", "a duration above 0 like 1s");
        }
        return new SupervisionSettings(
                env.enumValue(Settings.row(Settings.RESTART_POLICY), RestartPolicy.class),
                env.nonNegativeInt(Settings.row(Settings.MAX_RESTARTS)),
                env.duration(Settings.row(Settings.SHUTDOWN_GRACE)),
                base,
                max,
                env.duration(Settings.row(Settings.RESTART_RESET_AFTER)),
                probeTimeout,
                env.path(Settings.row(Settings.TERMINATION_LOG)),
                ChildLivenessSettings.parse(env));
    }
}

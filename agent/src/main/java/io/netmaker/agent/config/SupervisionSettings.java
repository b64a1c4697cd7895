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

    public static final int DEFAULT_MAX_RESTARTS = 5;

    static SupervisionSettings parse(EnvReader env) {
        Duration base = env.duration(Settings.RESTART_BACKOFF, Duration.ofSeconds(1));
        Duration max = env.duration(Settings.RESTART_BACKOFF_MAX, Duration.ofSeconds(30));
        if (max.compareTo(base) < 0) {
            env.reject(Settings.RESTART_BACKOFF_MAX, max.toMillis() + "ms",
                    "at least " + Settings.RESTART_BACKOFF + " (" + base.toMillis() + "ms)");
        }
        Duration probeTimeout = env.duration(Settings.CHILD_PROBE_TIMEOUT, Duration.ofSeconds(1));
        if (probeTimeout.isZero()) {
            env.reject(Settings.CHILD_PROBE_TIMEOUT, "0", "a duration above 0 like 1s");
        }
        return new SupervisionSettings(
                env.enumValue(Settings.RESTART_POLICY, RestartPolicy.class, RestartPolicy.ON_FAILURE),
                env.nonNegativeInt(Settings.MAX_RESTARTS, DEFAULT_MAX_RESTARTS),
                env.duration(Settings.SHUTDOWN_GRACE, Duration.ofSeconds(8)),
                base,
                max,
                env.duration(Settings.RESTART_RESET_AFTER, Duration.ofSeconds(60)),
                probeTimeout,
                env.path(Settings.TERMINATION_LOG, "/dev/termination-log"),
                ChildLivenessSettings.parse(env));
    }
}

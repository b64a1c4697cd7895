package io.netmaker.agent.election;

import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.config.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The standby-first hold ({@code AGENT_STANDBY_*}): after this replica's Lease was released by a child exit, its
 * restart waits until another replica holds the Lease or the bound passes.
 *
 * @param afterCrash hold after any exit that released the Lease (a step-down always holds)
 * @param bound the longest hold
 */
public record StandbySettings(boolean afterCrash, Duration bound) {
    public static final String FIRST = "AGENT_STANDBY_FIRST";
    public static final String HOLD = "AGENT_STANDBY_HOLD";
    /** 1.5 x controller-runtime's default retry period (2s), which both children use unless told otherwise. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(3);

    public static final List<Setting> SETTINGS = List.of(
            new Setting(FIRST, null, "true",
                    "after a child exit released the Lease (a crash), hold the restart until another replica holds"
                            + " the Lease or " + HOLD + " passes; a step-down always holds"),
            new Setting(HOLD, null, "3s",
                    "longest standby-first hold: 1.5 x the child's retry period (controller-runtime's default 2s);"
                            + " 0 turns the hold off"));

    public static StandbySettings parse(EnvReader env) {
        return new StandbySettings(env.bool(FIRST, true), env.duration(HOLD, DEFAULT_BOUND));
    }
}

package io.netmaker.agent.child;

import java.time.Duration;

/** Capped exponential restart delay: {@code base}, doubling per fast failure in a row, at most {@code cap}. */
public record Backoff(Duration base, Duration cap) {

    /** The delay before the restart that follows the {@code failures}-th fast failure in a row (1-based). */
    public Duration delay(int failures) {
        Duration d = base;
        for (int i = 1; i < failures && d.compareTo(cap) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(cap) > 0 ? cap : d;
    }
}

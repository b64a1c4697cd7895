package io.netmaker.operator.testing;

import io.netmaker.operator.config.ElectionTimings;
import java.time.Duration;

/** The operator's election settings for tests (the Lease moves are {@code io.netmaker.testing.Leases}). */
public final class ElectionFixtures {
    /**
     * Election timings for tests: a short retry period keeps them quick; the renew deadline is seconds long so a
     * loaded machine does not lose the Lease mid-test.
     */
    public static final ElectionTimings TIMINGS =
            new ElectionTimings(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(250));

    private ElectionFixtures() {
    }
}

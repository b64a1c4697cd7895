package io.netmaker.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a tool, root, an address, Linux). Unmet outside CI: the test is skipped with
 * one line saying why; unmet under {@code CI=true}: the test fails, since nothing may skip there.
 */
public final class Requires {
    private Requires() {}

    /** Returns when {@code met}; else skips (one line on stderr) or, under {@code CI=true}, fails. */
    public static void that(boolean met, String why) {
        if (met) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(why + " -- CI=true requires it");
        }
        System.err.println("SKIPPING: " + why);
        Assumptions.abort(why);
    }
}

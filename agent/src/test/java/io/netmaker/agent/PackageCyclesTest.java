package io.netmaker.agent;

import io.netmaker.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The agent's packages form no cycle: each can be read, changed and tested with only what it imports below it. */
class PackageCyclesTest {
    @Test
    void noPackageOfTheAgentDependsOnItselfThroughOthers() {
        PackageCycles.assertNone("io.netmaker.agent");
    }
}

package io.netmaker.operator;

import io.netmaker.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The operator's packages form no cycle: each can be read, changed and tested with only what it imports below it. */
class PackageCyclesTest {
    @Test
    void noPackageOfTheOperatorDependsOnItselfThroughOthers() {
        PackageCycles.assertNone("io.netmaker.operator");
    }
}

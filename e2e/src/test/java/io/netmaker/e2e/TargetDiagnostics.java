package io.netmaker.e2e;

import io.netmaker.e2e.target.Target;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the target's diagnostics (logs, process trees) when a test of the class fails. */
final class TargetDiagnostics implements TestWatcher {
    private final Supplier<? extends Target> target;

    /** @param target the class's target, read when a test fails (null before it started) */
    TargetDiagnostics(Supplier<? extends Target> target) {
        this.target = target;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Target t = target.get();
        if (t != null) {
            System.out.println("==== diagnostics after " + context.getDisplayName() + "\n" + t.diagnostics());
        }
    }
}

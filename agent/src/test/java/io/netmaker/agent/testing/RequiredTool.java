package io.netmaker.agent.testing;

import io.netmaker.testing.Requires;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A command a test needs from a Debian package ({@code .ci/run} installs it). Missing outside CI: the test is
 * skipped with one line naming the package; missing under {@code CI=true}: the test fails.
 */
public final class RequiredTool {
    private RequiredTool() {}

    /** The command's path on PATH, or a skip (a failure under CI). */
    public static Path find(String command, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Requires.that(false, command + " not found on PATH (Debian package " + debianPackage
                + "; .ci/run installs it)");
        return null;
    }
}

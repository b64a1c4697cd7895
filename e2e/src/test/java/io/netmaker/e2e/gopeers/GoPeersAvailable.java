package io.netmaker.e2e.gopeers;


import io.netmaker.e2e.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the Go E2E scenarios need: the built peers and the agent jar. Missing: skip with one line, fail under CI=true. */
final class GoPeersAvailable {
    static final Path REPO = Path.of(System.getProperty("repo.root",
            SandboxOptions.findRepoRoot(Path.of("")).toString())).toAbsolutePath().normalize();
    static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", REPO.resolve("agent/target/agent.jar").toString()));

    private GoPeersAvailable() {}

    /** The peers, or the test is skipped (failed under CI=true) with one line naming what is missing. */
    static GoPeers require() {
        GoPeers peers = GoPeers.locate(REPO);
        peers.missing().ifPresent(GoPeersAvailable::unavailable);
        if (!Files.isRegularFile(AGENT_JAR)) {
            unavailable("agent jar not found: " + AGENT_JAR);
        }
        return peers;
    }

    /** Whether {@code unshare --uts} works here (root); else skipped (failed under CI=true). */
    static void requireUnshare() {
        try {
            Process p = new ProcessBuilder(List.of("unshare", "--uts", "true")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (Exception e) {
            // reported below
        }
        unavailable("unshare --uts does not work here (needs root and util-linux): no hostname per replica");
    }

    static void unavailable(String why) {
        io.netmaker.testing.Requires.that(false, "Go peer E2E: " + why);
    }

    /** The sandbox defaults for the Go scenarios: the agent jar under test, small JVMs, a work dir. */
    static SandboxOptions options(Path work) {
        return SandboxOptions.defaults(REPO).withJars(AGENT_JAR, REPO.resolve("operator/target/operator.jar"))
                .withWorkDir(work).withStopGrace(java.time.Duration.ofSeconds(10));
    }
}

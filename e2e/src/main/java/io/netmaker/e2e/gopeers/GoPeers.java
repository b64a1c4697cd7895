package io.netmaker.e2e.gopeers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Go peers built by {@code e2e/go/build.sh} ({@code make go-peers}): {@code flagsurface} (upstream's flag surface,
 * probes only) and {@code electionpeer} (the same flags plus client-go leader election). Their directory comes from
 * the system property {@code go.peers.dir} (failsafe sets it), else {@code e2e/target/go-peers} under the repository.
 */
public final class GoPeers {
    public static final String FLAGSURFACE = "flagsurface";
    public static final String ELECTIONPEER = "electionpeer";
    /** The line each peer prints once at start, followed by its parsed flags as JSON. */
    public static final String FLAGS_LINE = "GOPEER_FLAGS ";
    /** Test-only variable of the election peer: the file it reads its namespace from (the service-account file). */
    public static final String NAMESPACE_FILE_ENV = "GOPEER_NAMESPACE_FILE";

    private final Path dir;

    private GoPeers(Path dir) {
        this.dir = dir;
    }

    public static GoPeers locate(Path repoRoot) {
        String prop = System.getProperty("go.peers.dir");
        return new GoPeers(prop != null && !prop.isBlank() ? Path.of(prop) : repoRoot.resolve("e2e/target/go-peers"));
    }

    public Path flagsurface() {
        return dir.resolve(FLAGSURFACE);
    }

    public Path electionpeer() {
        return dir.resolve(ELECTIONPEER);
    }

    /** Why the peers cannot run (one line), or empty when both are built. */
    public Optional<String> missing() {
        for (Path p : new Path[] {flagsurface(), electionpeer()}) {
            if (!Files.isExecutable(p)) {
                return Optional.of("Go peers not built: " + p + " missing (make go-peers, or e2e/go/build.sh)");
            }
        }
        return Optional.empty();
    }
}

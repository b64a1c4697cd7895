package io.netmaker.agent.child;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the reason of the agent's last exit where kubelet reads it ({@code /dev/termination-log}). */
public final class TerminationLog {
    private static final Logger LOG = LoggerFactory.getLogger(TerminationLog.class);
    private final Path path;

    public TerminationLog(Path path) {
        this.path = path;
    }

    /** Writes when the file's directory exists and is writable; never fails the caller. */
    public void write(String reason) {
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.writeString(path, reason + "\n", StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            LOG.debug("termination log not written path={} error={}", path, e.toString());
        }
    }
}

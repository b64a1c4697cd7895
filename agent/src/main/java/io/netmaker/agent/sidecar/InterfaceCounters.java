package io.netmaker.agent.sidecar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An interface's byte counters from {@code /sys/class/net/<iface>/statistics} (world-readable, no privilege). On a
 * WireGuard interface they count the tunnel's inner traffic only: keepalives and handshakes are not in them.
 */
public final class InterfaceCounters {
    private final Path sysClassNet;

    public InterfaceCounters(Path sysClassNet) {
        this.sysClassNet = sysClassNet;
    }

    /** The production source. */
    public static InterfaceCounters system() {
        return new InterfaceCounters(Path.of("/sys/class/net"));
    }

    /** The counters now, or why they cannot be read. */
    public Read read(String iface) {
        Path dir = sysClassNet.resolve(iface).resolve("statistics");
        try {
            return new Read(number(dir.resolve("rx_bytes")), number(dir.resolve("tx_bytes")), null);
        } catch (NoSuchFileException e) {
            return new Read(-1, -1, "interface " + iface + " absent (" + dir + ")");
        } catch (IOException | NumberFormatException | SecurityException e) {
            return new Read(-1, -1, "counters " + dir + " unreadable: " + e.getMessage());
        }
    }

    private static long number(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    /**
     * @param rxBytes bytes received, -1 when unreadable
     * @param txBytes bytes sent, -1 when unreadable
     * @param failure why, when unreadable
     */
    public record Read(long rxBytes, long txBytes, String failure) {
        public boolean readable() {
            return failure == null;
        }
    }
}

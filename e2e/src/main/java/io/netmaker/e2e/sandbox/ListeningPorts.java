package io.netmaker.e2e.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The TCP ports a process really listens on, read from Linux {@code /proc} (socket inodes of its fds). */
public final class ListeningPorts {
    private static final String LISTEN = "0A";

    private ListeningPorts() {}

    /**
     * A listening socket: its local address as /proc shows it (hex, e.g. {@code 0100007F} for 127.0.0.1, 32 zeros
     * for {@code [::]}) and port.
     */
    public record Listener(String hexAddress, int port) {
        private static final Set<String> LOOPBACK = Set.of("0100007F", "00000000000000000000000001000000",
                "0000000000000000FFFF00000100007F");

        /** Whether only loopback can reach it (127.0.0.1, ::1 or ::ffff:127.0.0.1). */
        public boolean loopback() {
            return LOOPBACK.contains(hexAddress.toUpperCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return (loopback() ? "loopback" : hexAddress) + ":" + port;
        }
    }

    /** The listening TCP ports of {@code pid}; empty when the process is gone or /proc is unavailable. */
    public static Set<Integer> of(long pid) {
        Set<Integer> ports = new TreeSet<>();
        listeners(pid).forEach(l -> ports.add(l.port()));
        return ports;
    }

    /** The listening TCP sockets of {@code pid} with their addresses. */
    public static List<Listener> listeners(long pid) {
        Set<String> inodes = socketInodes(pid);
        List<Listener> listeners = new ArrayList<>();
        if (inodes.isEmpty()) {
            return listeners;
        }
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (f.length > 9 && LISTEN.equals(f[3]) && inodes.contains(f[9])) {
                        int colon = f[1].lastIndexOf(':');
                        listeners.add(new Listener(f[1].substring(0, colon), Integer.parseInt(f[1].substring(colon + 1), 16)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // table absent (no IPv6) or unreadable
            }
        }
        return listeners;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // fd closed meanwhile
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return inodes;
    }
}

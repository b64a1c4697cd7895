package io.netmaker.e2e.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The TCP ports a process really listens on, read from Linux {@code /proc} (socket inodes of its fds). */
public final class ListeningPorts {
    private static final String LISTEN = "0A";

    private ListeningPorts() {}

    /** The listening TCP ports of {@code pid}; empty when the process is gone or /proc is unavailable. */
    public static Set<Integer> of(long pid) {
        Set<String> inodes = socketInodes(pid);
        Set<Integer> ports = new TreeSet<>();
        if (inodes.isEmpty()) {
            return ports;
        }
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (f.length > 9 && LISTEN.equals(f[3]) && inodes.contains(f[9])) {
                        ports.add(Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // table absent (no IPv6) or unreadable
            }
        }
        return ports;
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

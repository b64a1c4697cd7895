package io.netmaker.e2e.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A container's memory working set as its cgroup reports it, the figure kubelet (cAdvisor) evicts and
 * {@code kubectl top} shows: usage minus inactive file pages. cgroup v1: {@code memory.usage_in_bytes} minus
 * {@code total_inactive_file} of {@code memory.stat}; cgroup v2: {@code memory.current} minus {@code inactive_file}.
 * The cgroup is found through {@code /proc/<pid>/cgroup} of the container's main process, as this host sees it.
 */
public final class CgroupMemory {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private CgroupMemory() {}

    /** The working set in bytes of the cgroup of {@code pid}; empty when it cannot be read (the process is gone). */
    public static OptionalLong workingSet(long pid) {
        return workingSet(Path.of("/proc", Long.toString(pid), "cgroup"), ROOT);
    }

    /** The working set of the cgroup that {@code procCgroup} (a {@code /proc/<pid>/cgroup}) names under {@code root}. */
    static OptionalLong workingSet(Path procCgroup, Path root) {
        try {
            List<String> lines = Files.readAllLines(procCgroup);
            for (String line : lines) { // v1: "9:memory:/docker/<id>"
                String[] f = line.split(":", 3);
                if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
                    Path dir = root.resolve("memory").resolve(f[2].substring(1));
                    return OptionalLong.of(number(dir.resolve("memory.usage_in_bytes"))
                            - stat(dir.resolve("memory.stat"), "total_inactive_file"));
                }
            }
            for (String line : lines) { // v2: "0::/system.slice/docker-<id>.scope"
                if (line.startsWith("0::")) {
                    Path dir = root.resolve(line.substring(4));
                    return OptionalLong.of(number(dir.resolve("memory.current"))
                            - stat(dir.resolve("memory.stat"), "inactive_file"));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static long number(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).strip());
    }

    private static long stat(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key + " ")) {
                return Long.parseLong(line.substring(key.length() + 1).strip());
            }
        }
        throw new IOException("no " + key + " in " + file);
    }
}

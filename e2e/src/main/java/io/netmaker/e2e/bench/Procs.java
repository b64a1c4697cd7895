package io.netmaker.e2e.bench;

import io.netmaker.e2e.sandbox.HttpProbe;
import io.netmaker.e2e.sandbox.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The processes a bench starts: each with a clean environment and its output in a log file; every one of them
 * (and its descendants) is killed by {@link #close()}, also from a shutdown hook.
 */
final class Procs implements AutoCloseable {
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "TMPDIR", "JAVA_HOME", "USER");

    private final List<Process> started = new CopyOnWriteArrayList<>();

    Process start(List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().keySet().retainAll(INHERITED_ENV);
            pb.environment().putAll(env);
            Process p = pb.start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL of the process and everything below it. */
    static void stop(Process p, Duration grace) {
        Set<Long> tree = new LinkedHashSet<>(Signals.descendants(p.pid()));
        tree.add(p.pid());
        p.destroy();
        waitUntil(() -> !p.isAlive(), grace, 20);
        tree.addAll(Signals.descendants(p.pid()));
        Signals.killAll(tree, Duration.ofSeconds(5));
    }

    static void kill9(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Resident set size in MiB ({@code VmRSS} of {@code /proc/<pid>/status}); NaN when the process is gone. */
    static double rssMiB(long pid) {
        return statusMiB(pid, "VmRSS");
    }

    /** A kB field of {@code /proc/<pid>/status} ({@code VmRSS}, {@code RssAnon}, ...) in MiB; NaN when absent. */
    static double statusMiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    String kb = line.substring(field.length() + 1).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls every {@code everyMs}; true once the condition holds, false after {@code timeout}. */
    static boolean waitUntil(BooleanSupplier condition, Duration timeout, long everyMs) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(everyMs);
        }
    }

    static boolean http200(int port, String path) {
        return HttpProbe.get("127.0.0.1", port, path).code() == 200;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    @Override
    public void close() {
        started.forEach(p -> stop(p, Duration.ofSeconds(5)));
        started.clear();
    }
}

package io.netmaker.agent.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent's {@code Main} as a real process on the test classpath (no packaged jar needed in the test phase),
 * with an environment made from scratch, output in files, and its whole process tree killed by {@link #close()}.
 */
public final class AgentProcess implements AutoCloseable {
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "TMPDIR", "JAVA_HOME");

    public final Process process;
    public final Path stdout;
    public final Path stderr;

    private AgentProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs {@code agent <args>} with {@code env} (plus the inherited basics), output in {@code dir/<name>.out|err}. */
    public static AgentProcess start(Path dir, String name, Map<String, String> env, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "io.netmaker.agent.Main"));
        cmd.addAll(args);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().retainAll(INHERITED);
        pb.environment().putAll(env);
        return new AgentProcess(pb.start(), out, err);
    }

    /** Runs {@code agent <args>} to its end; returns stdout and stderr together. */
    public static String runToEnd(Path dir, String name, Map<String, String> env, List<String> args) throws Exception {
        try (AgentProcess p = start(dir, name, env, args)) {
            if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("agent " + args + " did not end within 60 s");
            }
            return p.output();
        }
    }

    public String output() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** SIGTERM and wait for the agent's own exit (so it writes its termination log). */
    public boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

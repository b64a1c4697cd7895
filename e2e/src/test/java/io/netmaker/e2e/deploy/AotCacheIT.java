package io.netmaker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.e2e.bench.ImageApp;
import io.netmaker.e2e.bench.Jdk25;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's AOT cache without a container engine: {@code deploy/image/bin/aot-train} (what the Dockerfile runs)
 * with a JDK 25 and the built agent jar makes a cache the JVM then uses, and a cache that no longer matches the jar
 * is ignored instead of failing start-up. Skips with one line without a JDK 25 or the jar (fails under CI=true).
 */
class AotCacheIT {
    static final Path IMAGE = Kustomize.repoRoot().resolve("deploy/image");

    @TempDir
    Path app;

    @Test
    void trainingMakesACacheTheJvmUsesAndAMismatchedCacheNeverFailsStartUp() throws Exception {
        String java = Jdk25.java().orElse(null);
        Path jar = Path.of(System.getProperty("agent.jar", "../agent/target/agent.jar"));
        io.netmaker.testing.Requires.that(java != null && Files.isRegularFile(jar), "AotCacheIT: "
                + (java == null ? "no JDK 25 (set JAVA25 or install one under /usr/lib/jvm)" : "no " + jar));
        ImageApp.layOut(IMAGE, app, jar, null);

        Result training = run(List.of("sh", app.resolve("bin/aot-train").toString()),
                Map.of("APP_HOME", app.toString(), "JAVA", java), 300);
        assertThat(training.code).as(training.output).isZero();
        Path cache = app.resolve("aot/agent.aot");
        assertThat(cache).isNotEmptyFile();

        List<String> version = List.of(java, "@" + app.resolve("jvm.options"), "-XX:AOTCache=" + cache, "-Xlog:aot",
                "-jar", app.resolve("agent.jar").toString(), "--version");
        Result used = run(version, Map.of(), 60);
        assertThat(used.code).as(used.output).isZero();
        assertThat(used.output).contains("Using AOT-linked classes: true").contains("agent ");

        Files.setLastModifiedTime(app.resolve("agent.jar"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Result mismatched = run(version, Map.of(), 60);
        assertThat(mismatched.code).as(mismatched.output).isZero();
        assertThat(mismatched.output).contains("timestamp has changed").doesNotContain("Using AOT-linked classes: true")
                .contains("agent ");
    }

    record Result(int code, String output) {}

    private static Result run(List<String> command, Map<String, String> env, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
            return new Result(p.exitValue(), out);
        } finally {
            p.destroyForcibly();
        }
    }
}

package io.netmaker.e2e.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The container engine's command line ({@code docker}, or {@code podman}), with the images {@code make images}
 * built ({@code e2e/docker/images.sh} writes {@code e2e/target/images.properties}). Used by the container
 * scenarios of the E2E suite and by {@code make bench}.
 */
public final class Engine {
    /** What a command printed and how it ended. */
    public record Result(int code, String out, String err) {
        public boolean ok() {
            return code == 0;
        }
    }

    /** No engine, or no images: what is missing, in one line. */
    public static final class Unavailable extends IllegalStateException {
        Unavailable(String why) {
            super(why);
        }
    }

    private final String executable;
    private final Properties images;

    private Engine(String executable, Properties images) {
        this.executable = executable;
        this.images = images;
    }

    /** The engine and images of {@code make images} in {@code repo}; {@link Unavailable} when either is missing. */
    public static Engine load(Path repo) {
        Path file = repo.resolve("e2e/target/images.properties");
        if (!Files.isRegularFile(file)) {
            throw new Unavailable(file + " missing: `make images` did not build the images (no container engine,"
                    + " or it failed: see its output)");
        }
        Properties images = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            images.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Engine engine = new Engine(images.getProperty("engine", "docker"), images);
        if (!engine.run(Duration.ofSeconds(30), "info").ok()) {
            throw new Unavailable(engine.executable + " info failed: no container engine answers");
        }
        return engine;
    }

    /** The image reference {@code key} ({@code image}, {@code image.upstream}, {@code image.jib}). */
    public String image(String key) {
        String ref = images.getProperty(key);
        if (ref == null) {
            throw new IllegalStateException("no " + key + " in images.properties");
        }
        return ref;
    }

    /** The image reference {@code key} when images.properties has one ({@code base.runtime}: the runtime base). */
    public java.util.Optional<String> findImage(String key) {
        return java.util.Optional.ofNullable(images.getProperty(key));
    }

    public Result run(Duration timeout, String... args) {
        return run(timeout, List.of(args));
    }

    /** Runs {@code engine args...}; a command still running after {@code timeout} is killed (code -1). */
    public Result run(Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, out.getNow(""), "timed out after " + timeout + ": " + command);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** Like {@link #run(Duration, List)}, but a failure is an {@link IllegalStateException} naming the command. */
    public String ok(Duration timeout, List<String> args) {
        Result r = run(timeout, args);
        if (!r.ok()) {
            throw new IllegalStateException(executable + " " + String.join(" ", args) + " failed (exit " + r.code()
                    + "): " + r.err().strip());
        }
        return r.out().strip();
    }

    public String ok(Duration timeout, String... args) {
        return ok(timeout, List.of(args));
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}

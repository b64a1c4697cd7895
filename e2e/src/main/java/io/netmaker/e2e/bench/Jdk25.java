package io.netmaker.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the JDK 25 is that runs the image's configuration (JRE 25, AOT cache) outside a container. */
public final class Jdk25 {
    private Jdk25() {}

    /** {@code $JAVA25}, or the first {@code /usr/lib/jvm/*-25*}{@code /bin/java}; empty when there is none. */
    public static Optional<String> java() {
        String env = System.getenv("JAVA25");
        if (env != null && !env.isBlank()) {
            return Optional.of(env);
        }
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            return jvms.filter(p -> p.getFileName().toString().matches(".*-25(\\D.*)?"))
                    .map(p -> p.resolve("bin/java")).filter(Files::isExecutable).map(Path::toString).sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

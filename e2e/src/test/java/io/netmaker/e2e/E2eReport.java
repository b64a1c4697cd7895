package io.netmaker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** {@code e2e/target/e2e-report.txt}: the suites' figures, one line each, naming the target they ran on. */
final class E2eReport {
    private E2eReport() {}

    /** Appends {@code lines} (make test removes the file before the run), and prints them. */
    static void append(String target, List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(target).append(": ").append(l).append('\n'));
        System.out.print("==== e2e report (" + target + ")\n" + text);
        try {
            Path file = Path.of("target", "e2e-report.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

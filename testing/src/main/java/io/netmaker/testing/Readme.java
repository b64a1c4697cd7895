package io.netmaker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The repository's README.md, read by the tests that keep its configuration tables true to the code. */
public final class Readme {
    private Readme() {
    }

    /** The text from {@code heading} (a {@code ###} heading) to the next {@code ###} heading. */
    public static String section(String heading) {
        String readme;
        try {
            readme = Files.readString(Path.of("..", "README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = readme.indexOf(heading);
        if (start < 0) {
            throw new IllegalArgumentException("README.md has no heading " + heading);
        }
        int end = readme.indexOf("### ", start + 4);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /**
     * The rows of the (one) table in {@code section} below its header lines, each as its cells with the markup a
     * reader does not see removed: backticks and the backslash of an escaped {@code |}.
     */
    public static List<List<String>> tableRows(String section) {
        return section.lines().filter(line -> line.startsWith("|")).skip(2)
                .map(line -> Arrays.stream(line.substring(1, line.length() - 1).split("(?<!\\\\)\\|"))
                        .map(cell -> cell.strip().replace("`", "").replace("\\|", "|")).toList())
                .toList();
    }
}

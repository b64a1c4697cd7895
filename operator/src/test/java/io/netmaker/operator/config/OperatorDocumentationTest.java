package io.netmaker.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every environment variable the operator reads has a row in the README's operator table and in operator.md. */
class OperatorDocumentationTest {
    @TempDir
    Path dir;

    @Test
    void everyEnvironmentVariableIsDocumented() throws IOException {
        // the names the parser asks for, observed: its environment records every lookup
        Set<String> read = new TreeSet<>();
        new OptionsParser(name -> {
            read.add(name);
            return null;
        }, dir.resolve("namespace"), () -> "node-1").parse();
        assertThat(read).contains("PROXY_MODE", "PROXY_IMPERSONATE_USER", "PROXY_IMPERSONATE_GROUPS",
                "PROXY_IDENTITY_MAP", "WATCH_NAMESPACE");
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("### Operator");
        String section = readme.substring(start, readme.indexOf("### ", start + 4));
        String operations = Files.readString(Path.of("..", "docs", "operations", "operator.md"));
        for (String name : read) {
            assertThat(section).as("README operator table row for " + name).contains("| `" + name + "` |");
            assertThat(operations).as("operator.md row for " + name).contains("| `" + name + "` |");
        }
    }
}

package io.netmaker.agent.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationLogTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheReasonReplacingAnOlderOne() throws Exception {
        Path file = tmp.resolve("termination-log");
        new TerminationLog(file).write("first");
        new TerminationLog(file).write("exited with code 3");
        assertThat(Files.readString(file)).isEqualTo("exited with code 3\n");
    }

    @Test
    void aMissingDirectoryIsIgnored() {
        Path file = tmp.resolve("no/such/dir/termination-log");
        new TerminationLog(file).write("x");
        assertThat(file).doesNotExist();
    }
}

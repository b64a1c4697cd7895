package io.netmaker.agent.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signals reach the child through one helper process, however many are sent. */
class SignallerTest {
    @TempDir
    Path dir;

    @Test
    void manySignalsGoThroughOneHelperAndEachArrives() throws Exception {
        Path log = dir.resolve("log");
        Process child = new ProcessBuilder("env", "--default-signal", "sh", "-c",
                "for s in HUP USR1 USR2 WINCH; do trap \"echo $s >> $0\" $s; done; echo ready >> $0;"
                        + " while :; do sleep 0.05; done", log.toString()).start();
        try (Signaller signaller = new Signaller()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("ready"));
            List<String> sent = List.of("HUP", "USR1", "USR2", "WINCH", "HUP", "USR1");
            for (String signal : sent) {
                int before = read(log).split("\n").length;
                assertThat(signaller.send(child.pid(), signal)).as(signal).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).split("\n").length == before + 1);
            }
            assertThat(read(log)).isEqualTo("ready\nHUP\nUSR1\nUSR2\nWINCH\nHUP\nUSR1\n");
            assertThat(helpers()).as("one helper for six signals").isEqualTo(1);
            assertThat(signaller.send(Long.MAX_VALUE / 2, "HUP")).as("no such process").isFalse();
            assertThat(signaller.send(child.pid(), "HUP; true")).as("not a signal name").isFalse();
        } finally {
            child.destroyForcibly();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> helpers() == 0);
    }

    /** This JVM's children running the helper's loop. */
    private static long helpers() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains("while read -r sig pid"))
                        .orElse(false))
                .count();
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}

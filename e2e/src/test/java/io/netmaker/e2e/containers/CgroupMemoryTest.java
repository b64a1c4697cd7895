package io.netmaker.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The working set kubelet uses, from a cgroup v1 or v2 tree: usage minus inactive file pages. */
class CgroupMemoryTest {
    @TempDir
    Path dir;

    @Test
    void cgroupV1IsUsageInBytesMinusTotalInactiveFile() throws IOException {
        Path cgroup = Files.createDirectories(dir.resolve("root/memory/docker/abc"));
        Files.writeString(cgroup.resolve("memory.usage_in_bytes"), "209715200\n");
        Files.writeString(cgroup.resolve("memory.stat"), "cache 1000\ninactive_file 1\ntotal_inactive_file 10485760\n");
        Path proc = Files.writeString(dir.resolve("cgroup"), "12:pids:/docker/abc\n9:memory:/docker/abc\n"
                + "1:name=systemd:/docker/abc\n");

        assertThat(CgroupMemory.workingSet(proc, dir.resolve("root"))).isEqualTo(OptionalLong.of(199229440));
    }

    @Test
    void cgroupV2IsMemoryCurrentMinusInactiveFile() throws IOException {
        Path cgroup = Files.createDirectories(dir.resolve("root/system.slice/docker-abc.scope"));
        Files.writeString(cgroup.resolve("memory.current"), "104857600\n");
        Files.writeString(cgroup.resolve("memory.stat"), "anon 1\nactive_file 5\ninactive_file 4194304\n");
        Path proc = Files.writeString(dir.resolve("cgroup"), "0::/system.slice/docker-abc.scope\n");

        assertThat(CgroupMemory.workingSet(proc, dir.resolve("root"))).isEqualTo(OptionalLong.of(100663296));
    }

    @Test
    void aProcessThatIsGoneHasNone() {
        assertThat(CgroupMemory.workingSet(dir.resolve("no-such/cgroup"), dir)).isEmpty();
    }
}

package io.netmaker.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiveTableTest {
    @Test
    void alignsColumnsUnderTheHeader() {
        String table = LiveTable.render(List.of(
                new ReplicaRow(0, "netmaker-abcde-0", "101", "201", "8867", "8871", "hash(POD_NAME)", "leading *",
                        "ready", "0", "ready"),
                new ReplicaRow(1, "netmaker-abcde-1", "exit 0", "-", "-", "-", "-", "-", "-", "-", "-")));
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("#  pod ").contains("leader", "sidecar", "restarts", "readyz");
        int leaderColumn = lines.get(0).indexOf("leader");
        assertThat(lines.get(1).indexOf("leading *")).isEqualTo(leaderColumn);
        assertThat(lines.get(2)).contains("exit 0");
    }
}

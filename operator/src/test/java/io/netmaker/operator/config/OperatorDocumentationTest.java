package io.netmaker.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.testing.Readme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's operator table is {@link OperatorSettings#ALL}, and the parser reads nothing that is not in it. */
class OperatorDocumentationTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeTableIsTheSettingsTableRowByRow() {
        List<List<String>> expected = OperatorSettings.ALL.stream().map(s -> List.of(
                Objects.requireNonNullElse(s.env(), ""), s.flag() == null ? "" : s.flag().documented(),
                s.byDefault().text(), s.meaning())).toList();
        assertThat(Readme.tableRows(Readme.section("### Operator")))
                .as("README operator table rows (env var, flag, default, meaning; markup removed)")
                .containsExactlyElementsOf(expected);
        // spot checks of the layout, pinned as literals
        assertThat(expected.get(0)).containsExactly("ENABLE_LEADER_ELECTION", "--leader-elect[=bool]",
                "flag, else ENABLE_LEADER_ELECTION, else true when POD_NAME is set, else false",
                "Lease leader election; only the holder runs the controllers");
        assertThat(expected).contains(List.of("", "--lease-duration", "15s", "Go duration; must exceed --renew-deadline"));
    }

    @Test
    void theHelpNamesEverySettingWithItsDefault() {
        String usage = OptionsParser.usage();
        for (OperatorSetting s : OperatorSettings.ALL) {
            assertThat(usage).contains(s.flag() == null ? s.env() : s.flag().name());
        }
        assertThat(usage.replaceAll("\\s+", " ")).contains("--lease-duration=VALUE Go duration; must exceed "
                + "--renew-deadline (default: 15s).", "PROXY_PORT Kubernetes API proxy port; in use: exit 1 with "
                + "bind: address already in use (default: 8085).", "--leader-elect[=BOOL]");
    }

    @Test
    void theParserReadsOnlyVariablesOfTheTable() {
        // the names the parser asks for, observed: its environment records every lookup
        Set<String> read = new TreeSet<>();
        new OptionsParser(name -> {
            read.add(name);
            return null;
        }, dir.resolve("namespace"), () -> "node-1").parse();
        assertThat(read).contains("PROXY_MODE", "PROXY_IMPERSONATE_USER", "PROXY_IMPERSONATE_GROUPS",
                "PROXY_IDENTITY_MAP", "WATCH_NAMESPACE");
        assertThat(OperatorSettings.ALL.stream().map(OperatorSetting::env).filter(Objects::nonNull))
                .containsAll(read);
    }

    @Test
    void operationsGuideHasARowForEveryVariableAndFlag() throws IOException {
        String operations = Files.readString(Path.of("..", "docs", "operations", "operator.md"));
        for (OperatorSetting s : OperatorSettings.ALL) {
            if (s.env() != null) {
                assertThat(operations).as("operator.md row for " + s.env()).contains("| `" + s.env() + "` |");
            }
            if (s.flag() != null) {
                assertThat(operations).as("operator.md row for " + s.flag().name())
                        .contains("| `" + s.flag().documented() + "` |");
            }
        }
    }
}

package io.netmaker.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's configuration table true to {@link Settings}. */
class DocumentationTest {

    private static String agentSection() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("### Agent: ports, election settings, child supervision");
        int end = readme.indexOf("### ", start + 4);
        return readme.substring(start, end);
    }

    @Test
    void everySettingIsInTheReadmeWithFlagAndDefault() throws IOException {
        String section = agentSection();
        for (Setting s : Settings.ALL) {
            String flag = s.flag() == null ? "" : "`" + s.flag() + "`";
            assertThat(section).as(s.env()).containsPattern("\\| `" + s.env() + "` \\| " + java.util.regex.Pattern
                    .quote(flag) + " \\| `?" + java.util.regex.Pattern.quote(s.defaultText()) + "`? \\|");
        }
    }
}

package io.netmaker.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.testing.Readme;
import org.junit.jupiter.api.Test;

/** Keeps the README's configuration table true to {@link Settings}. */
class DocumentationTest {

    @Test
    void everySettingIsInTheReadmeWithFlagAndDefault() {
        String section = Readme.section("### Agent: ports, election settings, child supervision");
        for (Setting s : Settings.ALL) {
            String flag = s.flag() == null ? "" : "`" + s.flag() + "`";
            assertThat(section).as(s.env()).containsPattern("\\| `" + s.env() + "` \\| " + java.util.regex.Pattern
                    .quote(flag) + " \\| `?" + java.util.regex.Pattern.quote(s.defaultText()) + "`? \\|");
        }
    }
}

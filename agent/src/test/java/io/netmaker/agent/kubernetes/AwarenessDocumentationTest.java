package io.netmaker.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.agent.config.Setting;
import io.netmaker.agent.election.LeaderSettings;
import io.netmaker.agent.sidecar.SidecarSettings;
import io.netmaker.testing.Readme;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the README's leader and sidecar table true to the settings records. */
class AwarenessDocumentationTest {

    @Test
    void everySettingIsInTheReadmeWithItsDefault() {
        String section = Readme.section("### Agent: leader and sidecar awareness");
        for (Setting s : Stream.concat(LeaderSettings.SETTINGS.stream(), SidecarSettings.SETTINGS.stream()).toList()) {
            assertThat(section).as(s.env()).containsPattern("\\| `" + s.env() + "` \\| \\| `?"
                    + Pattern.quote(s.defaultText()) + "`? \\|");
        }
    }
}

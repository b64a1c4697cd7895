package io.netmaker.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoBoolTest {
    @Test
    void parseIsStrconvParseBool() {
        for (String t : new String[] {"1", "t", "T", "true", "TRUE", "True"}) {
            assertThat(GoBool.parse(t)).as(t).isTrue();
        }
        for (String f : new String[] {"0", "f", "F", "false", "FALSE", "False"}) {
            assertThat(GoBool.parse(f)).as(f).isFalse();
        }
        for (String bad : new String[] {"", "yes", "tRue", "on", " true"}) {
            assertThatThrownBy(() -> GoBool.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aSettingTakesGosFormsInAnyCaseAndYesOrNo() {
        for (String t : new String[] {"1", "t", "T", "true", "tRue", "yes", "YES", " true "}) {
            assertThat(GoBool.setting(t)).as(t).contains(true);
        }
        for (String f : new String[] {"0", "f", "F", "false", "FaLsE", "no", "No"}) {
            assertThat(GoBool.setting(f)).as(f).contains(false);
        }
        for (String bad : new String[] {"", "on", "off", "2", "y", "ja"}) {
            assertThat(GoBool.setting(bad)).as(bad).isEmpty();
        }
        assertThat(GoBool.SETTING_FORMS).isEqualTo("true, false, 1, 0, t, f, yes or no");
    }
}

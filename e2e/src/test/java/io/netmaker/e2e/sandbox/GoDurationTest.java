package io.netmaker.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesGoStyleDurations() {
        assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("4s")).isEqualTo(Duration.ofSeconds(4));
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("0s")).isZero();
    }

    @Test
    void rejectsOtherText() {
        assertThatThrownBy(() -> GoDuration.parse("4")).hasMessageContaining("not a duration: '4'");
        assertThatThrownBy(() -> GoDuration.parse("4s junk")).hasMessageContaining("not a duration");
    }
}

package io.netmaker.operator.config;

import io.netmaker.golang.GoBool;
import io.netmaker.golang.GoDuration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class GoValuesTest {
    @Test
    void durationsParseLikeGo() {
        assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        for (String bad : new String[] {"", "15", "s", "1x", "1s2", "ms500"}) {
            assertThatThrownBy(() -> GoDuration.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property
    void formatParsesBack(@ForAll @LongRange(min = 0, max = 86_400_000) long millis) {
        Duration d = Duration.ofMillis(millis);
        assertThat(GoDuration.parse(GoDuration.format(d))).isEqualTo(d);
    }

    @Test
    void bindAddressesFollowControllerRuntime() {
        assertThat(BindAddress.parse(":8081")).isEqualTo(new BindAddress(null, 8081, true));
        assertThat(BindAddress.parse("127.0.0.1:8081").toString()).isEqualTo("127.0.0.1:8081");
        assertThat(BindAddress.parse("[::1]:8081")).isEqualTo(new BindAddress("::1", 8081, true));
        assertThat(BindAddress.parse("0")).isEqualTo(BindAddress.OFF);
        assertThatThrownBy(() -> BindAddress.parse("8081")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BindAddress.parse(":99999")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void booleansFollowStrconv() {
        assertThat(GoBool.parse("T")).isTrue();
        assertThat(GoBool.parse("0")).isFalse();
        assertThatThrownBy(() -> GoBool.parse("yes")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.netmaker.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The cases of Go's own src/time/time_test.go (parseDurationTests, parseDurationErrorTests, durationTests). */
class GoDurationTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // simple
        "0|0", "5s|5000000000", "30s|30000000000", "1478s|1478000000000",
        // sign
        "-5s|-5000000000", "+5s|5000000000", "-0|0", "+0|0",
        // decimal
        "5.0s|5000000000", "5.6s|5600000000", "5.s|5000000000", ".5s|500000000", "1.0s|1000000000",
        "1.00s|1000000000", "1.004s|1004000000", "1.0040s|1004000000", "100.00100s|100001000000",
        // different units
        "10ns|10", "11us|11000", "12\u00b5s|12000", "12\u03bcs|12000", "13ms|13000000", "14s|14000000000",
        "15m|900000000000", "16h|57600000000000",
        // composite durations
        "3h30m|12600000000000", "10.5s4m|250500000000", "-2m3.4s|-123400000000",
        "1h2m3s4ms5us6ns|3723004005006", "39h9m14.425s|140954425000000",
        // large value
        "52763797000ns|52763797000",
        // more than 9 digits after the decimal point (golang.org/issue/6617)
        "0.3333333333333333333h|1200000000000",
        // 1<<53+1 cannot be stored precisely in a float64
        "9007199254740993ns|9007199254740993",
        // the largest durations an int64 of nanoseconds holds
        "9223372036854775807ns|9223372036854775807", "9223372036854775.807us|9223372036854775807",
        "9223372036s854ms775us807ns|9223372036854775807", "-9223372036854775808ns|-9223372036854775808",
        "-9223372036854775.808us|-9223372036854775808", "-9223372036s854ms775us808ns|-9223372036854775808",
        // the largest negative round-trip value (golang.org/issue/48629)
        "-2562047h47m16.854775808s|-9223372036854775808",
        // a huge string (issue 15011)
        "0.100000000000000000000h|360000000000",
        // the first overflow check of the fraction
        "0.830103483285477580700h|2988372539827",
    })
    void parsesLikeGo(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        // invalid
        "", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "\u0085\u0085", "\uFFFD", "\uFFFD hello \uFFFD world",
        // overflow
        "9223372036854775810ns", "9223372036854775808ns", "-9223372036854775809ns", "9223372036854776us",
        "3000000h", "9223372036854775.808us", "9223372036854ms775us808ns",
        // beyond Go's table: a space, a unit before its number, an upper-case unit
        " 5s", "5s ", "s5", "5S",
    })
    void rejectsWhatGoRejectsNamingTheText(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid duration \"" + text + "\"")
                .hasMessageContaining("ns, us, ms, s, m or h");
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertThatThrownBy(() -> GoDuration.parse("3")).hasMessageContaining("missing unit");
        assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessageContaining("unknown unit \"d\"");
        assertThatThrownBy(() -> GoDuration.parse("3000000h")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> GoDuration.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0s|0", "1ns|1", "1.1\u00b5s|1100", "2.2ms|2200000", "3.3s|3300000000", "4m5s|245000000000",
        "4m5.001s|245001000000", "5h6m7.001s|18367001000000", "8m0.000000001s|480000000001",
        "2562047h47m16.854775807s|9223372036854775807", "-2562047h47m16.854775808s|-9223372036854775808",
        "1h0m0s|3600000000000", "-1.5s|-1500000000",
    })
    void formatsLikeGoAndRoundTrips(String text, long nanos) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @Test
    void randomDurationsRoundTrip() {
        for (int i = 0; i < 1000; i++) {
            Duration d = Duration.ofNanos(ThreadLocalRandom.current().nextLong());
            assertThat(GoDuration.parse(GoDuration.format(d))).as(GoDuration.format(d)).isEqualTo(d);
        }
    }

    @Test
    void unitConstantsAreWhatTheTableUses() {
        assertThat(GoDuration.parse("1h1m1s1ms1us1ns").toNanos()).isEqualTo(H + M + S + MS + US + 1);
    }
}

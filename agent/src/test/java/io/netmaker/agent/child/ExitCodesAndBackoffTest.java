package io.netmaker.agent.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodesAndBackoffTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 | exited with code 0",
            "3 | exited with code 3",
            "128 | exited with code 128",
            "137 | killed by signal 9 (SIGKILL) (exit code 137)",
            "143 | killed by signal 15 (SIGTERM) (exit code 143)",
            "130 | killed by signal 2 (SIGINT) (exit code 130)",
            "160 | killed by signal 32 (exit code 160)",
            "255 | exited with code 255"})
    void describesCodesTheWayTheJdkReportsThem(int code, String text) {
        assertThat(ExitCodes.describe(code)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"1, 1000", "2, 2000", "3, 4000", "4, 8000", "5, 16000", "6, 30000", "7, 30000", "100, 30000"})
    void backoffDoublesFromOneSecondUpToThirty(int failures, long millis) {
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).delay(failures))
                .isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void backoffNeverExceedsACapBelowTheBase() {
        assertThat(new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(2)).delay(1)).isEqualTo(Duration.ofSeconds(2));
    }
}

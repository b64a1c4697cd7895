package io.netmaker.healthz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CleanPathTest {
    @ParameterizedTest
    @CsvSource({
        "/readyz, /readyz", "/readyz/, /readyz/", "/readyz/./child, /readyz/child", "//readyz, /readyz",
        "/readyz//child, /readyz/child", "/readyz/x/../child, /readyz/child", "/.., /", "'', /",
        "/readyz/child/., /readyz/child", "/a/b/../../.., /", "readyz, /readyz", "/readyz/child//, /readyz/child/"})
    void cleansLikeGo(String in, String out) {
        assertThat(CleanPath.of(in)).isEqualTo(out);
    }
}

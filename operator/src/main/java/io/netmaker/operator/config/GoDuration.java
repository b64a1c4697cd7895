package io.netmaker.operator.config;

import java.time.Duration;

/** The operator's name for {@link io.netmaker.golang.GoDuration}: Go's {@code time.ParseDuration} and {@code String()}. */
public final class GoDuration {
    private GoDuration() {
    }

    /** @throws IllegalArgumentException naming the text, the problem and the accepted form */
    public static Duration parse(String text) {
        return io.netmaker.golang.GoDuration.parse(text);
    }

    /** Go's {@code Duration.String()}: {@code 15s}, {@code 500ms}, {@code 1m30s}. */
    public static String format(Duration d) {
        return io.netmaker.golang.GoDuration.format(d);
    }
}

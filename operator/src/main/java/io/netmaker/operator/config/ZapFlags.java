package io.netmaker.operator.config;

import java.util.Locale;
import java.util.Set;

/**
 * controller-runtime's zap flags ({@code zap.Options.BindFlags}), validated with zap's accepted values. Only the log
 * level has an effect here: it becomes slf4j-simple's default level. The others are accepted so manifests written for
 * the Go operator start this one.
 */
public final class ZapFlags {
    private static final Set<String> ENCODERS = Set.of("json", "console");
    private static final Set<String> STACKTRACE_LEVELS = Set.of("info", "error", "panic");
    private static final Set<String> TIME_ENCODINGS =
            Set.of("rfc3339nano", "rfc3339", "iso8601", "millis", "nanos", "epoch");

    private ZapFlags() {
    }

    /**
     * {@code --zap-log-level}: {@code debug}, {@code info}, {@code error} (any case) or an integer above 0 (zap's
     * verbosity {@code V(n)}), as the slf4j-simple level: {@code 1} is {@code debug}, {@code 2} and more {@code trace}.
     */
    public static String logLevel(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("debug") || lower.equals("info") || lower.equals("error")) {
            return lower;
        }
        try {
            int verbosity = Integer.parseInt(text);
            if (verbosity > 0) {
                return verbosity == 1 ? "debug" : "trace";
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("invalid log level \"" + text
                + "\" (use debug, info, error or an integer above 0)");
    }

    /** {@code --zap-encoder}: {@code json} or {@code console}. */
    public static String encoder(String text) {
        return oneOf(text, ENCODERS, "encoder value", "json or console");
    }

    /** {@code --zap-stacktrace-level}: {@code info}, {@code error} or {@code panic}. */
    public static String stacktraceLevel(String text) {
        return oneOf(text, STACKTRACE_LEVELS, "stacktrace level", "info, error or panic");
    }

    /** {@code --zap-time-encoding}: zap's six time encoders. */
    public static String timeEncoding(String text) {
        return oneOf(text, TIME_ENCODINGS, "time-encoding value",
                "epoch, millis, nanos, iso8601, rfc3339 or rfc3339nano");
    }

    private static String oneOf(String text, Set<String> allowed, String what, String hint) {
        if (allowed.contains(text.toLowerCase(Locale.ROOT))) {
            return text;
        }
        throw new IllegalArgumentException("invalid " + what + " \"" + text + "\" (use " + hint + ")");
    }
}

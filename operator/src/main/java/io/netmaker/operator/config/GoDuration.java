package io.netmaker.operator.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations the way Go's {@code time.ParseDuration} does: {@code 15s}, {@code 500ms}, {@code 1m30s}, {@code 1.5h}. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /** @throws IllegalArgumentException with a message naming the accepted form */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text);
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        String body = text;
        boolean negative = false;
        if (body.startsWith("-") || body.startsWith("+")) {
            negative = body.startsWith("-");
            body = body.substring(1);
        }
        Matcher m = PART.matcher(body);
        int at = 0;
        long nanos = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(text);
            }
            nanos += Math.round(Double.parseDouble(m.group(1)) * unitNanos(m.group(2)));
            at = m.end();
        }
        if (at == 0) {
            throw invalid(text);
        }
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /** Go's {@code Duration.String()} for the values we print: {@code 15s}, {@code 500ms}, {@code 1m30s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.toMillis() < 1000 && d.toNanosPart() % 1_000_000 == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0 || d.toHours() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        int millis = d.toMillisPart();
        out.append(d.toSecondsPart());
        if (millis > 0) {
            out.append('.').append(String.format("%03d", millis).replaceAll("0+$", ""));
        }
        return out.append('s').toString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text
                + "\" (use Go form: a number and a unit ns, us, ms, s, m, h; e.g. 500ms, 15s, 1m30s)");
    }
}

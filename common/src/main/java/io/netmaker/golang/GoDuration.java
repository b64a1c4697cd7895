package io.netmaker.golang;

import java.time.Duration;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String()}, to the letter: the one parser of duration text in
 * this repository (agent env vars, operator flags, sandbox options), since the Go operator reads the same text.
 *
 * <p>Grammar: {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+}, or {@code 0} alone (signed or not); units {@code ns},
 * {@code us}, {@code µs} (U+00B5), {@code μs} (U+03BC), {@code ms}, {@code s}, {@code m}, {@code h}. Fractions are
 * exact to the nanosecond as in Go (digits beyond 19 only lose precision); a value beyond an int64 of nanoseconds
 * (about 292 years) is an error. The arithmetic below mirrors Go's {@code uint64} code, using unsigned comparisons.
 */
public final class GoDuration {
    /** 1<<63 as an unsigned 64-bit value. */
    private static final long TWO_POW_63 = Long.MIN_VALUE;
    private static final String ALLOWED = "a number and a unit ns, us, ms, s, m or h, e.g. 500ms, 15s, 1m30s, 1.5h";

    private GoDuration() {
    }

    /**
     * Parses Go duration text.
     *
     * @throws IllegalArgumentException naming the text, what is wrong with it and the accepted form
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw invalid("null", "no value");
        }
        String s = text;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text, "no number");
        }
        long d = 0; // unsigned
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(text, "expected a number at \"" + s.substring(i) + "\"");
            }
            // [0-9]*
            int start = i;
            long v = 0; // unsigned
            for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_POW_63, 10)) > 0) {
                    throw invalid(text, "out of range");
                }
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, TWO_POW_63) > 0) {
                    throw invalid(text, "out of range");
                }
            }
            boolean pre = i != start;
            // (\.[0-9]*)?
            long f = 0; // unsigned
            double scale = 1;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                boolean overflow = false;
                for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                    if (overflow) {
                        continue;
                    }
                    if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                        overflow = true; // further digits only lose precision, as in Go
                        continue;
                    }
                    long y = f * 10 + (s.charAt(i) - '0');
                    if (Long.compareUnsigned(y, TWO_POW_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    f = y;
                    scale *= 10;
                }
                post = i != fracStart;
            }
            if (!pre && !post) {
                throw invalid(text, "no digits");
            }
            // unit: everything up to the next '.' or digit
            int unitStart = i;
            for (; i < s.length() && !(s.charAt(i) == '.' || isDigit(s.charAt(i))); i++) {
                // consume
            }
            if (i == unitStart) {
                throw invalid(text, "missing unit");
            }
            String u = s.substring(unitStart, i);
            long unit = unitNanos(u);
            if (unit == 0) {
                throw invalid(text, "unknown unit \"" + u + "\"");
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_POW_63, unit)) > 0) {
                throw invalid(text, "out of range");
            }
            v *= unit;
            if (f != 0) {
                // double keeps fractions of hours exact to the nanosecond (the term is at most 3.6e12)
                v += (long) (unsignedToDouble(f) * ((double) unit / scale));
                if (Long.compareUnsigned(v, TWO_POW_63) > 0) {
                    throw invalid(text, "out of range");
                }
            }
            d += v;
            if (Long.compareUnsigned(d, TWO_POW_63) > 0) {
                throw invalid(text, "out of range");
            }
        }
        if (neg) {
            return Duration.ofNanos(-d); // -(1<<63) stays Long.MIN_VALUE, the most negative duration
        }
        if (d < 0) { // unsigned d > 1<<63 - 1
            throw invalid(text, "out of range");
        }
        return Duration.ofNanos(d);
    }

    /** Go's {@code Duration.String()}: {@code 1h0m0s}, {@code 1m30s}, {@code 1.5s}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        long u = nanos < 0 ? -nanos : nanos; // unsigned: Long.MIN_VALUE stays 1<<63
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u == 0) {
                return "0s";
            }
            String unit;
            int prec;
            if (u < 1_000L) {
                unit = "ns";
                prec = 0;
            } else if (u < 1_000_000L) {
                unit = "µs";
                prec = 3;
            } else {
                unit = "ms";
                prec = 6;
            }
            out.append(Long.toUnsignedString(Long.divideUnsigned(u, pow10(prec))))
                    .append(fraction(Long.remainderUnsigned(u, pow10(prec)), prec)).append(unit);
        } else {
            String frac = fraction(Long.remainderUnsigned(u, 1_000_000_000L), 9);
            long secs = Long.divideUnsigned(u, 1_000_000_000L);
            long hours = secs / 3600;
            long minutes = secs / 60 % 60;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (secs >= 60) {
                out.append(minutes).append('m');
            }
            out.append(secs % 60).append(frac).append('s');
        }
        return (nanos < 0 ? "-" : "") + out;
    }

    /** ".5", ".125" or "" for a fraction of 10^prec, trailing zeros dropped. */
    private static String fraction(long value, int prec) {
        if (value == 0) {
            return "";
        }
        StringBuilder digits = new StringBuilder(Long.toString(value));
        while (digits.length() < prec) {
            digits.insert(0, '0');
        }
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return "." + digits.substring(0, end);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static double unsignedToDouble(long u) {
        return u >= 0 ? (double) u : ((double) ((u >>> 1) | (u & 1))) * 2.0;
    }

    /** Nanoseconds of a unit, 0 when unknown. */
    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 0L;
        };
    }

    private static IllegalArgumentException invalid(String text, String problem) {
        return new IllegalArgumentException("invalid duration \"" + text + "\": " + problem + " (use " + ALLOWED + ")");
    }
}

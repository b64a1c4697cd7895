package io.netmaker.operator.config;

import io.netmaker.golang.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lease timings, validated once with client-go's rules: every value positive,
 * {@code leaseDuration > renewDeadline > 1.2 x retryPeriod} (1.2 is client-go's {@code JitterFactor}).
 */
public record ElectionTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static final double JITTER_FACTOR = 1.2;

    /** Every broken rule, each message naming the flags, their values and the rule. Empty when valid. */
    public List<String> violations() {
        List<String> errors = new ArrayList<>();
        positive(errors, "--lease-duration", leaseDuration);
        positive(errors, "--renew-deadline", renewDeadline);
        positive(errors, "--retry-period", retryPeriod);
        if (!errors.isEmpty()) {
            return errors;
        }
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            errors.add("--lease-duration (" + GoDuration.format(leaseDuration) + ") must be greater than --renew-deadline ("
                    + GoDuration.format(renewDeadline) + "): leaseDuration must be greater than renewDeadline");
        }
        long jittered = Math.round(retryPeriod.toNanos() * JITTER_FACTOR);
        if (renewDeadline.toNanos() <= jittered) {
            errors.add("--renew-deadline (" + GoDuration.format(renewDeadline) + ") must be greater than 1.2 x --retry-period ("
                    + GoDuration.format(retryPeriod) + " x 1.2 = " + GoDuration.format(Duration.ofNanos(jittered))
                    + "): renewDeadline must be greater than retryPeriod*JitterFactor");
        }
        return errors;
    }

    private static void positive(List<String> errors, String flag, Duration value) {
        if (value.isNegative() || value.isZero()) {
            errors.add(flag + " (" + GoDuration.format(value) + ") must be greater than zero");
        }
    }
}

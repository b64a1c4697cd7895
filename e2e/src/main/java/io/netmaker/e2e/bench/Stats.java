package io.netmaker.e2e.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Median, quartiles and range of repeated measurements (nearest-rank quartiles; samples kept for results.json).
 * {@code failed} counts the runs that gave no value (NaN: a timeout), which are left out of the figures.
 */
public record Stats(double median, double p25, double p75, double min, double max, int n, int failed,
                    List<Double> samples) {

    public static Stats of(List<Double> values) {
        List<Double> kept = values.stream().filter(v -> v != null && !v.isNaN()).toList();
        int failed = values.size() - kept.size();
        List<Double> sorted = new ArrayList<>(kept);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, failed, List.of());
        }
        return new Stats(median(sorted), rank(sorted, 0.25), rank(sorted, 0.75), sorted.get(0),
                sorted.get(sorted.size() - 1), sorted.size(), failed, kept);
    }

    public boolean empty() {
        return n == 0;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double rank(List<Double> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** {@code 1.23 [1.10-1.40] n=5}, with the number of decimals fitting the magnitude. */
    public String text() {
        if (empty()) {
            return failed > 0 ? "all " + failed + " runs failed" : "-";
        }
        return format(median) + " [" + format(min) + "-" + format(max) + "] n=" + n
                + (failed > 0 ? " (" + failed + " failed)" : "");
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format("%.0f", v);
        }
        if (a >= 10) {
            return String.format("%.1f", v);
        }
        return String.format("%.2f", v);
    }
}

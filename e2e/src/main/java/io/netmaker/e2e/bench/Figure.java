package io.netmaker.e2e.bench;

import java.util.List;

/**
 * One benchmark figure: the agent's measurement and its baseline taken in the same run, the goal and whether it
 * was met. A figure that could not be taken has empty stats and a {@code note} saying why.
 *
 * @param id            stable key in results.json ({@code failover.kill9.default})
 * @param title         the table's row label
 * @param unit          {@code s}, {@code ms}, {@code MiB}, {@code req/s}
 * @param value         the agent's figure
 * @param baselineLabel what the baseline is; empty when the figure has none
 * @param baseline      the baseline figure, same unit; empty stats when none
 * @param goal          the goal in words; empty when the figure is informational
 * @param pass          the goal's verdict; null when there is no goal or no measurement
 * @param note          method details or why it was not measured
 */
public record Figure(String id, String title, String unit, Stats value, String baselineLabel, Stats baseline,
                     String goal, Boolean pass, String note) {

    private static final Stats NONE = Stats.of(List.of());

    public static Figure notMeasured(String id, String title, String unit, String goal, String why) {
        return new Figure(id, title, unit, NONE, "", NONE, goal, null, "not measured: " + why);
    }

    public static Figure info(String id, String title, String unit, Stats value, String baselineLabel, Stats baseline,
                              String note) {
        return new Figure(id, title, unit, value, baselineLabel, baseline == null ? NONE : baseline, "", null, note);
    }

    public static Figure goal(String id, String title, String unit, Stats value, String baselineLabel, Stats baseline,
                              String goal, boolean met, String note) {
        // a run that gave no value (a timeout) fails the goal
        return new Figure(id, title, unit, value, baselineLabel, baseline == null ? NONE : baseline, goal,
                value.empty() ? (value.failed() > 0 ? Boolean.FALSE : null) : met && value.failed() == 0, note);
    }

    public String verdict() {
        if (value.empty()) {
            return value.failed() > 0 ? "FAIL" : "n/a";
        }
        return pass == null ? "-" : pass ? "PASS" : "FAIL";
    }
}

package io.netmaker.agent.config;

/**
 * One configuration input: its environment variable, the command-line flag that overrides it (null when there is
 * none, for values the pod's downward API provides), the default as documented, and what it means.
 */
public record Setting(String env, String flag, String defaultText, String meaning) {
    /** The row of {@code env} in {@code table}; the table is the one place its default is written. */
    public static Setting in(java.util.List<Setting> table, String env) {
        return table.stream().filter(s -> s.env().equals(env)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no setting " + env));
    }
}

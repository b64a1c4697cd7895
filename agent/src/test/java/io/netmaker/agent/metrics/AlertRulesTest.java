package io.netmaker.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.agent.testing.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped PrometheusRule (deploy/monitoring/prometheusrule.yaml) passes {@code promtool check rules}, and
 * {@code promtool test rules} runs deploy/monitoring/tests/prometheusrule.test.yaml, which covers every alert.
 */
class AlertRulesTest {
    static final Path MONITORING = Path.of("..", "deploy", "monitoring");

    @TempDir
    Path dir;
    private Path promtool;

    @BeforeEach
    void setUp() throws IOException {
        promtool = RequiredTool.find("promtool", "prometheus");
        Files.writeString(dir.resolve("rules.yaml"), ruleGroups(Files.readString(MONITORING.resolve("prometheusrule.yaml"))));
        Files.copy(MONITORING.resolve("tests/prometheusrule.test.yaml"), dir.resolve("prometheusrule.test.yaml"));
    }

    @Test
    void rulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "rules.yaml")).contains("SUCCESS");
    }

    @Test
    void everyAlertIsTestedFiringAndSilent() throws Exception {
        String tests = Files.readString(dir.resolve("prometheusrule.test.yaml"));
        for (String alert : alerts(Files.readString(dir.resolve("rules.yaml")))) {
            assertThat(tests).as("a firing case for %s", alert)
                    .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts:\\n\\s+- exp_labels");
            assertThat(tests).as("a silent case for %s", alert)
                    .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts: \\[\\]");
        }
        assertThat(promtool("test", "rules", "prometheusrule.test.yaml")).contains("SUCCESS");
    }

    /** The PrometheusRule's {@code spec} is a Prometheus rule file ({@code groups:}) indented by two. */
    static String ruleGroups(String prometheusRule) {
        String[] lines = prometheusRule.split("\n");
        StringBuilder out = new StringBuilder();
        boolean inSpec = false;
        for (String line : lines) {
            if (inSpec) {
                out.append(line.length() >= 2 ? line.substring(2) : line.strip()).append('\n');
            }
            inSpec |= line.equals("spec:");
        }
        return out.toString();
    }

    private static List<String> alerts(String rules) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("- alert: (\\S+)").matcher(rules);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).isNotEmpty();
        return names;
    }

    private String promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(promtool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool %s:\n%s", String.join(" ", args), output).isZero();
        return output;
    }
}

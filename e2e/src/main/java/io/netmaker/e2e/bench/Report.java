package io.netmaker.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table on stdout and {@code bench/results.json}: the same figures, machine and run facts. */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Report() {}

    static void table(PrintStream out, List<Figure> figures) {
        String[] head = {"figure", "unit", "agent median [min-max] n", "baseline median [min-max] n", "goal", "result"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Figure f : figures) {
            String value = f.value().empty() && f.note().startsWith("not measured") ? f.note() : f.value().text();
            rows.add(new String[] {f.title(), f.unit(), value, f.baseline().empty() ? "-" : f.baseline().text(),
                    f.goal().isEmpty() ? "-" : f.goal(), f.verdict()});
        }
        int[] width = new int[head.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (int k = 0; k < rows.size(); k++) {
            StringBuilder line = new StringBuilder("| ");
            for (int i = 0; i < head.length; i++) {
                line.append(String.format("%-" + width[i] + "s | ", rows.get(k)[i]));
            }
            out.println(line.toString().stripTrailing());
            if (k == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int w : width) {
                    rule.append("-".repeat(w + 2)).append('|');
                }
                out.println(rule);
            }
        }
        out.println();
        out.println("baselines:");
        for (Figure f : figures) {
            if (!f.baselineLabel().isEmpty()) {
                out.println("  " + f.id() + ": " + f.baselineLabel());
            }
        }
    }

    static void write(Path file, Map<String, Object> machine, double elapsedSeconds, List<Figure> figures)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", machine);
        root.put("elapsedSeconds", Math.round(elapsedSeconds));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Figure f : figures) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("title", f.title());
            m.put("unit", f.unit());
            m.put("value", stats(f.value()));
            Map<String, Object> baseline = new LinkedHashMap<>();
            baseline.put("what", f.baselineLabel());
            baseline.put("value", stats(f.baseline()));
            m.put("baseline", f.baselineLabel().isEmpty() ? null : baseline);
            m.put("goal", f.goal().isEmpty() ? null : f.goal());
            m.put("pass", f.pass());
            m.put("note", f.note());
            list.add(m);
        }
        root.put("figures", list);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    private static Object stats(Stats s) {
        if (s.empty() && s.failed() == 0) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.empty()) {
            m.put("n", 0);
            m.put("failed", s.failed());
            return m;
        }
        m.put("median", round(s.median()));
        m.put("p25", round(s.p25()));
        m.put("p75", round(s.p75()));
        m.put("min", round(s.min()));
        m.put("max", round(s.max()));
        m.put("n", s.n());
        m.put("failed", s.failed());
        m.put("samples", s.samples().stream().map(Report::round).toList());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

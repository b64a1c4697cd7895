import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One summary of a whole {@code make test} run, read from every module's surefire and failsafe reports: counts per
 * module, then each failing test by name and each skipped one with its reason. Exits 1 when a test failed.
 * Run with {@code java .ci/TestSummary.java [repo root]} (a JDK runs a single source file directly).
 */
public final class TestSummary {
    private record Problem(String kind, String test, String message) {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        List<Problem> failed = new ArrayList<>();
        List<Problem> skipped = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int total = 0;
        TreeSet<Path> reportDirs = new TreeSet<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                for (String dir : List.of("surefire-reports", "failsafe-reports")) {
                    Path reports = module.resolve("target").resolve(dir);
                    if (Files.isDirectory(reports)) {
                        reportDirs.add(reports);
                    }
                }
            }
        }
        for (Path reports : reportDirs) {
            int[] counts = new int[4]; // tests, failed, skipped, files
            try (Stream<Path> files = Files.list(reports)) {
                for (Path file : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList()) {
                    read(file, counts, failed, skipped);
                }
            }
            total += counts[0];
            lines.add(String.format("  %-34s %4d tests, %d failed, %d skipped",
                    root.relativize(reports).toString(), counts[0], counts[1], counts[2]));
        }
        System.out.println();
        System.out.println("==== test summary: " + total + " tests, " + failed.size() + " failed, " + skipped.size()
                + " skipped");
        lines.forEach(System.out::println);
        Path e2eReport = root.resolve("e2e/target/e2e-report.txt");
        if (Files.isRegularFile(e2eReport)) {
            System.out.println("e2e report (" + root.relativize(e2eReport) + "):");
            Files.readAllLines(e2eReport).forEach(line -> System.out.println("  " + line));
        }
        if (!skipped.isEmpty()) {
            System.out.println("skipped:");
            skipped.forEach(p -> System.out.println("  " + p.test() + ": " + p.message()));
        }
        if (!failed.isEmpty()) {
            System.out.println("FAILED:");
            failed.forEach(p -> System.out.println("  " + p.kind() + " " + p.test() + ": " + p.message()));
            System.out.println("(full output: <module>/target/surefire-reports or failsafe-reports/<class>-output.txt)");
        }
        if (reportDirs.isEmpty()) {
            System.out.println("no test reports found under " + root.toAbsolutePath() + "/*/target");
        }
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    private static void read(Path file, int[] counts, List<Problem> failed, List<Problem> skipped) throws Exception {
        NodeList cases;
        try {
            cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                    .getElementsByTagName("testcase");
        } catch (IOException | org.xml.sax.SAXException e) {
            failed.add(new Problem("unreadable", file.toString(), e.getMessage()));
            return;
        }
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String name = simple(c.getAttribute("classname")) + "." + c.getAttribute("name");
            counts[0]++;
            for (String kind : List.of("failure", "error")) {
                NodeList found = c.getElementsByTagName(kind);
                if (found.getLength() > 0) {
                    counts[1]++;
                    failed.add(new Problem(kind, name, firstLine((Element) found.item(0))));
                }
            }
            NodeList skip = c.getElementsByTagName("skipped");
            if (skip.getLength() > 0) {
                counts[2]++;
                skipped.add(new Problem("skipped", name, firstLine((Element) skip.item(0))));
            }
        }
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String firstLine(Element e) {
        String message = e.getAttribute("message");
        if (message.isBlank()) {
            message = e.getTextContent().strip();
        }
        String first = message.lines().findFirst().orElse("").strip();
        return first.length() > 200 ? first.substring(0, 200) + "..." : first;
    }
}

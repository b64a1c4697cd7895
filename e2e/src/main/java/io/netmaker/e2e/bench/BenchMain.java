package io.netmaker.e2e.bench;

import io.netmaker.e2e.gopeers.GoPeers;
import io.netmaker.e2e.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code make bench}: failover, handover, start-up, memory, probe cost, detection and the container figures of
 * the built images ({@link ContainerBench}), each next to its baseline in
 * the same run; prints a table and writes {@code bench/results.json}. Not a test: it asserts nothing.
 *
 * <p>Usage: {@code BenchMain [--out bench/results.json] [--only failover,gofailover,startup,memory,load,detect,footprint,exit,tunnel,containers]
 * [--quick]}. The Go peers come from {@code make go-peers} ({@code -Dgo.peers.dir}, default e2e/target/go-peers).
 * {@code -Dbench.agentExtraJvm="-Xmx32m ..."} adds memory rows for the agent with the image's options plus these.
 */
public final class BenchMain {
    private static final Set<String> ALL =
            Set.of("failover", "gofailover", "startup", "memory", "load", "detect", "footprint",
                    "exit", "tunnel", "containers");

    /** Other work on the machine skews the figures: recorded next to them. */
    private static final String LOAD_AT_START = loadAverage();

    private BenchMain() {}

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("repo.root", SandboxOptions.findRepoRoot(Path.of("")).toString()));
        Path out = repo.resolve("bench/results.json");
        Set<String> only = ALL;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--quick" -> quick = true;
                default -> {
                    System.err.println("usage: BenchMain [--out file] [--only " + String.join(",", ALL) + "] [--quick]");
                    System.exit(2);
                }
            }
        }
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("netmaker-bench-");
        BenchContext ctx = new BenchContext(repo, work);
        Thread cleanup = new Thread(ctx::close, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        FailoverBench.Log log = text -> {
            System.out.println(text);
            System.out.flush();
        };
        List<Figure> figures = new ArrayList<>();
        try {
            List<StartupBench.Variant> variants = variants(ctx, log);
            StartupBench.Variant image = variants.get(0);
            StartupBench.Variant defaults = variants.get(1);
            if (only.contains("failover")) {
                log.line("== failover and handover");
                figures.addAll(new FailoverBench(ctx, log).run(quick ? 1 : 3, quick ? 2 : 5));
            }
            if (only.contains("gofailover")) {
                log.line("== failover with the Go peers");
                figures.addAll(new FailoverBench(ctx, log).goPeers(GoPeers.locate(repo), quick ? 1 : 3, quick ? 2 : 5));
            }
            if (only.contains("startup")) {
                log.line("== start-up");
                figures.addAll(new StartupBench(ctx, log).run(variants, quick ? 2 : 4));
            }
            MemoryAndLoadBench ml = new MemoryAndLoadBench(ctx, log);
            if (only.contains("memory")) {
                log.line("== memory");
                figures.addAll(ml.memory(image, quick ? 1 : 3, true));
                figures.addAll(ml.memory(defaults, quick ? 1 : 2, false));
                String extra = System.getProperty("bench.agentExtraJvm", "").trim();
                if (!extra.isEmpty()) {
                    // a tuning experiment: the image's options plus these, for the agent only
                    List<String> tuned = new ArrayList<>(image.agentJvm());
                    tuned.addAll(List.of(extra.split("\\s+")));
                    figures.addAll(ml.memory(new StartupBench.Variant("image+extra", image.label() + " + " + extra,
                            tuned, image.operatorJvm()), quick ? 1 : 3, true));
                }
            }
            if (only.contains("load")) {
                log.line("== probe and scrape load");
                figures.addAll(ml.load(image, quick ? 1 : 2));
            }
            if (only.contains("footprint")) {
                log.line("== footprint (issue 12): the shipped JRE 25 + AOT configuration beside the previous one");
                StartupBench.Variant previous = variants.size() > 2 ? variants.get(2) : image;
                figures.addAll(new FootprintBench(ctx, log).run(previous, GoPeers.locate(repo), quick ? 2 : 4, 1));
            }
            if (only.contains("detect")) {
                log.line("== detection");
                DetectionBench d = new DetectionBench(ctx, log);
                figures.addAll(d.childExit(image, quick ? 1 : 3));
                figures.addAll(d.sidecarLoss(image, quick ? 1 : 3));
            }
            if (only.contains("tunnel")) {
                log.line("== tunnel health (issue 20)");
                figures.addAll(new TunnelBench(ctx, log).run(image, quick ? 1 : 3, !quick));
            }
            if (only.contains("exit")) {
                log.line("== exit latency beside tini");
                figures.addAll(new ExitLatencyBench(ctx, log).run(image, quick ? 2 : 5));
            }
            if (only.contains("containers")) {
                log.line("== containers (issue 18): the images of make images, run as the host-network pods");
                figures.addAll(new ContainerBench(ctx, log).run(quick ? 1 : 2));
            }
        } finally {
            ctx.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
            if (System.getenv("BENCH_KEEP") == null) {
                deleteTree(work);
            } else {
                log.line("work dir kept: " + work);
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.println();
        Report.table(System.out, figures);
        Report.write(out, machine(ctx), elapsed, figures);
        System.out.printf("%nbench took %.0f s; results written to %s%n", elapsed, out);
    }

    /** Image options (+ the container limit), the same with the previous image's AppCDS archives, no options. */
    private static List<StartupBench.Variant> variants(BenchContext ctx, FailoverBench.Log log) {
        List<StartupBench.Variant> variants = new ArrayList<>();
        String imageLabel = "deploy/image/jvm.options + " + BenchContext.CONTAINER_LIMIT + " (the container limit)"
                + (ctx.imageJvmHere.size() > ctx.imageJvm.size() ? " (on JDK " + Runtime.version().feature()
                        + ", which ignores the options it lacks)" : "");
        if (ctx.imageJvmHere.isEmpty()) {
            log.line("deploy/image/jvm.options not found: the 'image' rows use JVM defaults");
        }
        variants.add(new StartupBench.Variant("image", imageLabel, ctx.imageJvmHere, ctx.imageJvmHere));
        variants.add(new StartupBench.Variant("default", "JVM defaults (no options)", List.of(), List.of()));
        Path cds = ctx.dir("cds");
        Path agentJsa = cds.resolve("agent.jsa");
        Path operatorJsa = cds.resolve("operator.jsa");
        // the training runs of the previous image (the image now makes JDK 25 AOT caches: FootprintBench)
        run(ctx, concat(ctx.imageJvmHere, "-XX:ArchiveClassesAtExit=" + agentJsa, "-jar", ctx.agentJar.toString(), "plan"),
                Map.of("POD_NAME", "cds-training", "POD_NAMESPACE", "netmaker", "AGENT_STATE_DIR", cds.toString()));
        run(ctx, concat(ctx.imageJvmHere, "-XX:ArchiveClassesAtExit=" + operatorJsa, "-jar", ctx.operatorJar.toString(),
                "--help"), Map.of());
        if (Files.isRegularFile(agentJsa) && Files.isRegularFile(operatorJsa)) {
            variants.add(new StartupBench.Variant("image-cds",
                    imageLabel + " + AppCDS archives as the previous (JRE 21) image built them",
                    concat(ctx.imageJvmHere, "-XX:SharedArchiveFile=" + agentJsa),
                    concat(ctx.imageJvmHere, "-XX:SharedArchiveFile=" + operatorJsa)));
        } else {
            log.line("AppCDS archives not made: the image-cds rows are skipped");
        }
        return variants;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static void run(BenchContext ctx, List<String> javaArgs, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ctx.java);
        cmd.addAll(javaArgs);
        Process p = ctx.procs.start(cmd, env, ctx.work.resolve("cds/training.log"));
        try {
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> machine(BenchContext ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memTotal", firstMatch(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("loadAverageAtStart", LOAD_AT_START);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("imageJvmOptions", ctx.imageJvm);
        m.put("commit", git(ctx.repo));
        return m;
    }

    private static String firstMatch(Path file, String key) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String git(Path repo) {
        try {
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String sha = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? sha : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}

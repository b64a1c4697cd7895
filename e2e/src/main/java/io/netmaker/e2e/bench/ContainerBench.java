package io.netmaker.e2e.bench;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.netmaker.e2e.containers.CgroupMemory;
import io.netmaker.e2e.containers.Engine;
import io.netmaker.e2e.containers.HostNetworkLayout;
import io.netmaker.e2e.containers.PodContainer;
import io.netmaker.e2e.containers.PodRunner;
import io.netmaker.e2e.containers.PodTemplate;
import io.netmaker.e2e.sandbox.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container-level figures (issue 18): the images of {@code make images} run by the container engine as a kubelet
 * runs the pods of {@code deploy/overlays/host-network} ({@link PodRunner}: read-only root, uid 10001, no
 * capabilities, the base's memory and CPU limits, the downward API's env, the host's network and hostname), three
 * replicas at a time, against a mock API server on loopback. Each figure beside its baseline from the same run:
 * <ul>
 *   <li>image size ({@code image inspect} Size) of the image, its upstream and jib variants;</li>
 *   <li>per replica: container start ({@code run -d}) to the first successful exec probe
 *       ({@code exec <c> /app/bin/probe readyz}, polled), the memory working set its cgroup reports 15 s later
 *       ({@link CgroupMemory}), and {@code stop} (SIGTERM, the pod's grace) to the container's exit; agent + Java
 *       operator against the Java operator alone in the same image ({@code command:} tini, java and the
 *       entrypoint's options), agent + Go peer (the upstream stand-in image) against {@code /manager} alone;</li>
 *   <li>whether each JVM used its AOT cache: the JVM's own {@code -Xlog:aot} report and the share of the classes
 *       its {@code -Xlog:class+load} shows loaded from the cache ("source: shared objects file"), beside the jib
 *       image (no AOT cache: only the JDK's default CDS archive).</li>
 * </ul>
 * Every container is named with a unique prefix and removed at the end, also after a failure.
 */
final class ContainerBench {
    private static final String NAMESPACE = "netmaker";
    private static final int REPLICAS = 3;
    private static final Duration CLI = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    /** Between readiness and the memory samples: informers synced, the leader's controllers started. */
    private static final long SETTLE_MS = 15_000;
    private static final int MEMORY_SAMPLES = 5;
    /** Where an operator alone finds the ports.json that /app/bin/probe reads (the agent publishes it otherwise). */
    private static final String PROBE_DIR = "/var/run/netmaker-bench";
    private static final String SHARED = "source: shared objects file";
    private static final String AOT_USED = "Using AOT-linked classes: true";

    /**
     * What one replica runs.
     *
     * @param id        key in results.json
     * @param imageKey  the image of images.properties
     * @param overlay   the kustomization whose pod template it runs
     * @param command   empty: the image's entrypoint (tini, agent, operator); else the {@code command:} of an
     *                  operator alone
     * @param java      whether the operator alone is the Java operator (it needs a proxy port)
     */
    private record Variant(String id, String imageKey, String overlay, List<String> command, boolean java) {
        boolean alone() {
            return !command.isEmpty();
        }
    }

    private static final Variant AGENT_JAVA = new Variant("agent-java", "image", "deploy/overlays/host-network",
            List.of(), true);
    private static final Variant JAVA_ALONE = new Variant("java-alone", "image", "deploy/overlays/host-network",
            List.of("/usr/bin/tini", "--", "java", "@/app/jvm.options", "-XX:AOTCache=/app/aot/operator.aot", "-jar",
                    "/app/operator.jar"), true);
    private static final Variant AGENT_GO = new Variant("agent-go", "image.upstream",
            "e2e/docker/upstream-host-network", List.of(), false);
    private static final Variant GO_ALONE = new Variant("go-alone", "image.upstream",
            "e2e/docker/upstream-host-network", List.of("/usr/bin/tini", "--", "/manager"), false);

    /**
     * Per replica of one variant: ms to the first exec readyz, working set MiB, ms of stop, exit codes, and the
     * agent's own sidecar wait before it started the operator (its log's {@code waitedMs}; none without an agent).
     */
    private record Sample(List<Double> readyMs, List<Double> memoryMiB, List<Double> stopMs, List<Integer> exits,
            List<Double> sidecarWaitMs) {}

    private static final Pattern SIDECAR_WAIT = Pattern.compile("starting child .*waitedMs=(\\d+)");

    private final BenchContext ctx;
    private final FailoverBench.Log log;
    private final String tag = "nmbench" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, PodTemplate> templates = new ConcurrentHashMap<>();
    /** One prober per replica (the common pool has one thread on two cores: probes would queue). */
    private final ExecutorService probes3 = Executors.newFixedThreadPool(REPLICAS);
    private Engine engine;
    private ApiServer api;
    private int pods;

    ContainerBench(BenchContext ctx, FailoverBench.Log log) {
        this.ctx = ctx;
        this.log = log;
    }

    List<Figure> run(int rounds) {
        try {
            engine = Engine.load(ctx.repo);
        } catch (IllegalStateException e) {
            return List.of(Figure.notMeasured("containers", "container figures", "-", "",
                    e.getMessage() + " (make images)"));
        }
        List<Figure> figures = new ArrayList<>(imageSizes());
        try {
            template(AGENT_JAVA);
            template(AGENT_GO);
        } catch (RuntimeException e) { // kubectl missing or an overlay that does not render
            figures.add(Figure.notMeasured("containers.replicas", "container replicas", "-", "",
                    "the overlays did not render: " + e.getMessage()));
            return figures;
        }
        api = ApiServer.start(ctx.dir("containers/api"), InetAddress.getLoopbackAddress(), 0, NAMESPACE);
        Thread cleanup = new Thread(this::close, "bench-containers-cleanup"); // Ctrl-C: no container left behind
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Map<Variant, Sample> samples = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                // odd rounds agent first, even rounds baseline first: neither always starts on a fresh machine
                List<Variant> order = round % 2 == 1 ? List.of(AGENT_JAVA, JAVA_ALONE, AGENT_GO, GO_ALONE)
                        : List.of(JAVA_ALONE, AGENT_JAVA, GO_ALONE, AGENT_GO);
                for (Variant v : order) {
                    log.line("  round " + round + ": " + REPLICAS + " replicas of " + v.id());
                    Sample s = replicas(v);
                    samples.merge(v, s, ContainerBench::concat);
                }
            }
            figures.addAll(pair("agent-java", "agent + Java operator", samples.get(AGENT_JAVA),
                    "the Java operator alone in the same image (command: tini, java @/app/jvm.options with its AOT"
                            + " cache, operator.jar; the same flags, its own health port)", samples.get(JAVA_ALONE)));
            figures.addAll(pair("agent-go", "agent + Go peer", samples.get(AGENT_GO),
                    "the Go peer /manager alone in the upstream image (command: tini, /manager; the same flags, its"
                            + " own health port)", samples.get(GO_ALONE)));
            figures.addAll(aot());
            return figures;
        } finally {
            close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    // ---- image size -------------------------------------------------------------------------------------------

    private List<Figure> imageSizes() {
        List<Figure> figures = new ArrayList<>();
        String note = "image inspect .Size: the uncompressed size of every layer (shared layers counted in each)";
        double image = sizeMiB(engine.image("image"));
        String base = engine.findImage("base.runtime").orElse(null);
        figures.add(Figure.info("containers.image.size", "image size: netmaker-agent", "MiB", stats(image),
                base == null ? "" : "the runtime base it is built on (" + base + ")",
                base == null ? null : stats(sizeMiB(base)), note));
        figures.add(Figure.info("containers.image.upstream.size", "image size: upstream variant", "MiB",
                stats(sizeMiB(engine.image("image.upstream"))), "the image it is built on (netmaker-agent)",
                stats(image), note + "; /manager is the suite's stand-in (the Go election peer), not upstream's"));
        figures.add(Figure.info("containers.image.jib.size", "image size: jib variant", "MiB",
                stats(sizeMiB(engine.image("image.jib"))), "the Dockerfile's image (netmaker-agent)", stats(image),
                note + "; the jib image has no AOT caches"));
        return figures;
    }

    private double sizeMiB(String ref) {
        Engine.Result r = engine.run(CLI, "image", "inspect", "-f", "{{.Size}}", ref);
        return r.ok() ? Long.parseLong(r.out().strip()) / 1048576.0 : Double.NaN;
    }

    // ---- replicas: start to ready, memory, stop ---------------------------------------------------------------

    /** Starts three replicas of {@code v}, waits for each one's exec readiness, samples memory, stops each. */
    private Sample replicas(Variant v) {
        List<String> names = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            String name = tag + "-" + v.id() + "-" + (pods++);
            String pod = "netmaker-operator-7d5f8c6b9-" + name.substring(2);
            started.add(name);
            names.add(name);
            starts.add(System.nanoTime());
            start(v, pod, name, v.imageKey(), Map.of());
        }
        Map<String, Long> ready = awaitReady(names, v.alone());
        List<Double> readyMs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Long at = ready.get(names.get(i));
            readyMs.add(at == null ? Double.NaN : (at - starts.get(i)) / 1e6);
        }
        log.line("    start to first exec readyz (ms): " + readyMs);
        List<Double> waits = new ArrayList<>();
        if (!v.alone()) {
            for (String name : names) {
                Engine.Result logs = engine.run(CLI, "logs", name);
                Matcher m = SIDECAR_WAIT.matcher(logs.out() + logs.err());
                waits.add(m.find() ? Double.parseDouble(m.group(1)) : Double.NaN);
            }
            log.line("    of it, the agent's sidecar wait before the operator's start (waitedMs): " + waits);
        }
        Procs.sleep(SETTLE_MS);
        Map<String, List<Double>> memory = new LinkedHashMap<>();
        for (int k = 0; k < MEMORY_SAMPLES; k++) {
            for (String name : names) {
                memory.computeIfAbsent(name, n -> new ArrayList<>()).add(workingSetMiB(name));
            }
            Procs.sleep(1000);
        }
        List<Double> memoryMiB = memory.values().stream().map(m -> Stats.of(m).median()).toList();
        log.line("    working set (MiB, median of " + MEMORY_SAMPLES + " samples 1 s apart): " + memoryMiB);
        List<Double> stopMs = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        int grace = template(v).graceSeconds();
        for (String name : names) {
            long t0 = System.nanoTime();
            Engine.Result stop = engine.run(Duration.ofSeconds(grace + 30L), "stop", "-t", Integer.toString(grace),
                    name);
            stopMs.add(stop.ok() ? (System.nanoTime() - t0) / 1e6 : Double.NaN);
            Engine.Result code = engine.run(CLI, "inspect", "-f", "{{.State.ExitCode}}", name);
            exits.add(code.ok() ? Integer.parseInt(code.out().strip()) : -1);
        }
        log.line("    stop to exit (ms): " + stopMs + ", exit codes " + exits);
        remove(names);
        return new Sample(readyMs, memoryMiB, stopMs, exits, waits);
    }

    /**
     * Runs one replica of {@code v} from {@code imageKey}'s image as container {@code name}, Pod {@code pod};
     * {@code env} is added to the test deviations.
     */
    private void start(Variant v, String pod, String name, String imageKey, Map<String, String> env) {
        PodTemplate template = template(v);
        Map<String, String> deviations = new LinkedHashMap<>(HostNetworkLayout.DEVIATIONS);
        deviations.putAll(env);
        Container container = template.agent();
        List<String> args = HostNetworkLayout.ARGS;
        Path work = ctx.dir("containers/" + name);
        if (v.alone()) {
            // the operator alone: its own health port (three replicas share the host's network), published in a
            // ports.json of its own so that the same exec probe reaches it
            int health = Procs.freePort();
            write(work.resolve("probe/ports.json"), "{\"health\":" + health + "}");
            args = List.of("--leader-elect", "--health-probe-bind-address=127.0.0.1:" + health,
                    "--metrics-bind-address=0");
            if (v.java()) {
                deviations.put("PROXY_PORT", Integer.toString(Procs.freePort()));
            }
            container = new ContainerBuilder(container).withCommand(v.command())
                    .addNewVolumeMount().withName("bench-probe").withMountPath(PROBE_DIR).withReadOnly(true)
                    .endVolumeMount().build();
            template = new PodTemplate(new PodSpecBuilder(template.spec()).addNewVolume().withName("bench-probe")
                    .withNewHostPath().withPath(work.resolve("probe").toString()).endHostPath().endVolume().build(),
                    container, template.graceSeconds());
        }
        PodContainer replica = new PodContainer(pod, NAMESPACE, "127.0.0.1", "127.0.0.1", "host", deviations, args);
        new PodRunner(engine, template, api, NAMESPACE, work).run(replica, container, name, engine.image(imageKey),
                "127.0.0.1");
    }

    private PodTemplate template(Variant v) {
        return templates.computeIfAbsent(v.overlay(), o -> PodTemplate.render(ctx.repo.resolve(o)));
    }

    /** Polls every replica's exec readiness probe; the nanoTime of each one's first success (absent: never). */
    private Map<String, Long> awaitReady(List<String> names, boolean alone) {
        Map<String, Long> ready = new ConcurrentHashMap<>();
        Procs.waitUntil(() -> {
            List<CompletableFuture<Void>> probes = new ArrayList<>();
            for (String name : names) {
                if (!ready.containsKey(name)) {
                    probes.add(CompletableFuture.runAsync(() -> {
                        if (execProbe(name, alone)) {
                            ready.putIfAbsent(name, System.nanoTime());
                        }
                    }, probes3));
                }
            }
            probes.forEach(CompletableFuture::join);
            return ready.size() == names.size();
        }, READY_TIMEOUT, 100);
        return ready;
    }

    /** {@code exec <c> /app/bin/probe readyz}, as the manifests' readiness probe runs it. */
    private boolean execProbe(String name, boolean alone) {
        List<String> args = new ArrayList<>(List.of("exec"));
        if (alone) {
            args.addAll(List.of("-e", "AGENT_STATE_DIR=" + PROBE_DIR));
        }
        args.addAll(List.of(name, "/app/bin/probe", "readyz"));
        return engine.run(Duration.ofSeconds(10), args).ok();
    }

    private double workingSetMiB(String name) {
        OptionalLong pid = pid(name);
        OptionalLong set = pid.isPresent() ? CgroupMemory.workingSet(pid.getAsLong()) : OptionalLong.empty();
        return set.isPresent() ? set.getAsLong() / 1048576.0 : Double.NaN;
    }

    /** The container's main process as this host sees it; empty when it is not running. */
    private OptionalLong pid(String name) {
        Engine.Result r = engine.run(CLI, "inspect", "-f", "{{.State.Pid}}", name);
        long pid = r.ok() ? Long.parseLong(r.out().strip()) : 0;
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    private List<Figure> pair(String id, String what, Sample agent, String baselineLabel, Sample alone) {
        List<Figure> figures = new ArrayList<>();
        String setup = REPLICAS + " replicas at once on the host network (one leader), as deploy/overlays/host-network"
                + " runs them";
        figures.add(Figure.info("containers.ready." + id, "container start to first exec readyz: " + what, "ms",
                Stats.of(agent.readyMs()), baselineLabel, Stats.of(alone.readyMs()),
                "engine run -d to the first successful `exec <c> /app/bin/probe readyz`, polled every 100 ms (each"
                        + " exec costs tens of ms); " + setup + "; of it, the agent's sidecar wait before it started the"
                        + " operator (Kubernetes client, Pod watch, sidecar ready; its log's waitedMs): "
                        + Stats.of(agent.sidecarWaitMs()).text() + " ms"));
        figures.add(Figure.info("containers.memory." + id, "container memory working set: " + what, "MiB",
                Stats.of(agent.memoryMiB()), baselineLabel, Stats.of(alone.memoryMiB()),
                "the container's cgroup: usage minus inactive file (v1 memory.usage_in_bytes - total_inactive_file,"
                        + " v2 memory.current - inactive_file), the working set kubelet evicts on; median of "
                        + MEMORY_SAMPLES + " samples 1 s apart, " + SETTLE_MS / 1000 + " s after all were ready; "
                        + setup));
        int grace = template(id.equals("agent-java") ? AGENT_JAVA : AGENT_GO).graceSeconds();
        boolean clean = agent.exits().stream().allMatch(c -> c == 0)
                && agent.stopMs().stream().allMatch(ms -> ms < grace * 1000.0);
        figures.add(Figure.goal("containers.stop." + id, "engine stop to container exit: " + what, "ms",
                Stats.of(agent.stopMs()), baselineLabel, Stats.of(alone.stopMs()),
                "exit 0 within the grace (" + grace + " s)", clean,
                "`stop -t " + grace + "` (SIGTERM to tini, SIGKILL after the grace) until it returns; exit codes "
                        + agent.exits() + ", baseline " + alone.exits()));
        return figures;
    }

    // ---- AOT cache --------------------------------------------------------------------------------------------

    /**
     * One replica each of the image (agent + Java operator), the upstream image (agent) and the jib image (no AOT
     * cache), with {@code -Xlog:aot,class+load} of each JVM into a file in the container's /tmp, read once ready.
     */
    private List<Figure> aot() {
        log.line("  AOT caches: one replica each of the image, the upstream image and the jib image, -Xlog:aot,class+load");
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> logging = Map.of(
                "JAVA_OPTS_AGENT", "-Xlog:aot,class+load:file=/tmp/jvm-agent.log",
                "JAVA_OPTS_OPERATOR", "-Xlog:aot,class+load:file=/tmp/jvm-operator.log");
        for (Map.Entry<String, Variant> e : Map.of("image", AGENT_JAVA, "image.upstream", AGENT_GO, "image.jib",
                AGENT_JAVA).entrySet()) {
            String name = tag + "-aot-" + (pods++);
            started.add(name);
            names.put(e.getKey(), name);
            start(e.getValue(), "netmaker-operator-7d5f8c6b9-" + name.substring(2), name, e.getKey(), logging);
        }
        Map<String, Long> ready = awaitReady(List.copyOf(names.values()), false);
        Procs.sleep(SETTLE_MS); // the operator's informers and controllers load their classes after readiness too
        Function<String, Map<String, Aot>> read = key -> {
            String name = names.get(key);
            if (!ready.containsKey(name)) {
                return Map.of();
            }
            OptionalLong pid = pid(name);
            Map<String, Aot> jvms = new LinkedHashMap<>();
            for (String jvm : List.of("agent", "operator")) {
                pid.ifPresent(p -> Aot.read(Path.of("/proc", Long.toString(p), "root/tmp/jvm-" + jvm + ".log"))
                        .ifPresent(a -> jvms.put(jvm, a)));
            }
            return jvms;
        };
        Map<String, Aot> image = read.apply("image");
        Map<String, Aot> upstream = read.apply("image.upstream");
        Map<String, Aot> jib = read.apply("image.jib");
        remove(List.copyOf(names.values()));
        List<Figure> figures = new ArrayList<>();
        figures.add(aotFigure("containers.aot.agent", "AOT cache used: agent JVM (image)", image.get("agent"),
                jib.get("agent")));
        figures.add(aotFigure("containers.aot.operator", "AOT cache used: Java operator JVM (image)",
                image.get("operator"), jib.get("operator")));
        figures.add(aotFigure("containers.aot.agent-upstream", "AOT cache used: agent JVM (upstream image)",
                upstream.get("agent"), jib.get("agent")));
        return figures;
    }

    /** What one JVM's log says: whether it used AOT-linked classes, classes loaded, and from the cache. */
    private record Aot(boolean used, int classes, int shared, String report) {
        static java.util.Optional<Aot> read(Path file) {
            try {
                List<String> lines = Files.readAllLines(file);
                List<String> loads = lines.stream().filter(l -> l.contains("[class,load")).toList();
                String report = lines.stream().filter(l -> l.contains("[aot") && (l.contains("Using AOT-linked")
                        || l.contains("Opened AOT cache") || l.contains("Unable") || l.contains("mismatch")
                        || l.contains("has changed"))).map(l -> l.replaceFirst("^\\[[^]]*]\\[[^]]*]\\[[^]]*] *", ""))
                        .distinct().reduce((a, b) -> a + "; " + b).orElse("no AOT report");
                return java.util.Optional.of(new Aot(lines.stream().anyMatch(l -> l.contains(AOT_USED)),
                        loads.size(), (int) loads.stream().filter(l -> l.contains(SHARED)).count(), report));
            } catch (IOException e) {
                return java.util.Optional.empty();
            }
        }

        double sharePercent() {
            return classes == 0 ? Double.NaN : 100.0 * shared / classes;
        }
    }

    private static Figure aotFigure(String id, String title, Aot jvm, Aot withoutCache) {
        String goal = "the JVM reports '" + AOT_USED + "'";
        String baselineLabel = "the same JVM in the jib image (no AOT cache: the JDK's default CDS archive only)";
        if (jvm == null) {
            return Figure.notMeasured(id, title, "%", goal, "no -Xlog output read (the container was not ready)");
        }
        return Figure.goal(id, title, "% classes", stats(jvm.sharePercent()), baselineLabel,
                withoutCache == null ? null : stats(withoutCache.sharePercent()), goal, jvm.used(),
                "share of the classes loaded until 15 s after readiness that -Xlog:class+load shows from '"
                        + SHARED + "' (" + jvm.shared() + " of " + jvm.classes() + "); -Xlog:aot: " + jvm.report()
                        + (withoutCache == null ? "" : "; jib: " + withoutCache.shared() + " of "
                                + withoutCache.classes()));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Sample concat(Sample a, Sample b) {
        return new Sample(join(a.readyMs(), b.readyMs()), join(a.memoryMiB(), b.memoryMiB()),
                join(a.stopMs(), b.stopMs()), join(a.exits(), b.exits()), join(a.sidecarWaitMs(), b.sidecarWaitMs()));
    }

    private static <T> List<T> join(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Stats stats(double value) {
        return Stats.of(List.of(value));
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void remove(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(names);
        engine.run(CLI, rm);
        started.removeAll(names);
    }

    /** Removes every container this bench started (also after a failure), then its API server. */
    private synchronized void close() {
        probes3.shutdownNow();
        remove(List.copyOf(started));
        Engine.Result left = engine.run(CLI, "ps", "-aq", "--filter", "name=" + tag);
        if (left.ok() && !left.out().isBlank()) {
            log.line("  containers left with prefix " + tag + ": " + left.out().strip().replace('\n', ' '));
        }
        if (api != null) {
            api.close();
            api = null;
        }
    }
}

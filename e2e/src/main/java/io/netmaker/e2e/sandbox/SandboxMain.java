package io.netmaker.e2e.sandbox;

import io.netmaker.golang.GoDuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code make run}: starts the sandbox, prints a live table and the commands to try, stops everything on Ctrl-C. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, subcommands = FlipSidecarCommand.class,
        description = "Runs N replicas of `agent run -- operator` against a mock Kubernetes API on loopback.")
public final class SandboxMain implements Callable<Integer> {
    @Option(names = "--replicas", defaultValue = "3", description = "Number of replicas (default ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--repo-root", description = "Repository root holding agent/ and operator/ (default: found from the working directory or this jar).")
    Path repoRoot;

    @Option(names = "--agent-jar", description = "The agent's jar (default <repo-root>/agent/target/agent.jar).")
    Path agentJar;

    @Option(names = "--operator-jar", description = "The operator's jar (default <repo-root>/operator/target/operator.jar).")
    Path operatorJar;

    @Option(names = "--lease-duration", defaultValue = "4s", description = "Operator --lease-duration (default ${DEFAULT-VALUE}).")
    String leaseDuration;

    @Option(names = "--renew-deadline", defaultValue = "3s", description = "Operator --renew-deadline (default ${DEFAULT-VALUE}).")
    String renewDeadline;

    @Option(names = "--retry-period", defaultValue = "500ms", description = "Operator --retry-period (default ${DEFAULT-VALUE}).")
    String retryPeriod;

    @Option(names = "--api-port", defaultValue = "0", description = "Mock API server port; 0 = any free port (default ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--api", defaultValue = "mock", description = "The Kubernetes API: mock (fabric8's mock server) or"
            + " apiserver (e2e/go's server with etcd and the RBAC of deploy/base as shipped, namespace netmaker;"
            + " make go-peers builds it) (default ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--work-dir", description = "Keep kubeconfig, state dirs and logs here (default: a temp dir removed on exit).")
    Path workDir;

    @Option(names = "--refresh", defaultValue = "1s", converter = DurationConverter.class,
            description = "Table refresh period (default ${DEFAULT-VALUE}).")
    Duration refresh;

    @Option(names = "--tunnels", description = "A real WireGuard tunnel per replica, watched by its agent (needs root,"
            + " wireguard-go and wireguard-tools); type w <i> to cut or restore one.")
    boolean tunnels;

    @Option(names = "--run-for", defaultValue = "0s", converter = DurationConverter.class,
            description = "Stop by itself after this long; 0s = until Ctrl-C (default ${DEFAULT-VALUE}).")
    Duration runFor;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("sandbox.log.level", "warn"));
        // on a loaded machine the mock server's event loop is often slow; that is no news for the table's reader
        System.setProperty("org.slf4j.simpleLogger.log.io.vertx.core.impl.BlockedThreadChecker", "error");
        System.exit(new CommandLine(new SandboxMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = repoRoot != null ? repoRoot : defaultRepoRoot();
        SandboxOptions options = SandboxOptions.defaults(root)
                .withReplicas(replicas)
                .withJars(agentJar != null ? agentJar : root.resolve("agent/target/agent.jar"),
                        operatorJar != null ? operatorJar : root.resolve("operator/target/operator.jar"))
                .withLease(leaseDuration, renewDeadline, retryPeriod)
                .withApiPort(apiPort)
                .withWorkDir(workDir);
        Optional<SandboxTunnels> wg = tunnels ? Optional.of(SandboxTunnels.create(replicas)) : Optional.empty();
        SandboxOptions started = wg.map(t -> options.withAgentEnv(t.agentEnv())).orElse(options);
        Sandbox sandbox;
        try {
            switch (api) {
                case "mock" -> sandbox = Sandbox.start(started);
                case "apiserver" -> {
                    Path bin = RealApiServer.binDir(root);
                    Optional<String> missing = RealApiServer.missing(bin);
                    if (missing.isPresent()) {
                        System.err.println("sandbox: " + missing.get());
                        wg.ifPresent(SandboxTunnels::close);
                        return 2;
                    }
                    sandbox = Sandbox.start(started.withNamespace("netmaker"),
                            RealApiServer.starter(bin, RealApiServer.kustomize(root.resolve("deploy/base"))));
                }
                default -> {
                    System.err.println("sandbox: --api must be mock or apiserver, got " + api);
                    wg.ifPresent(SandboxTunnels::close);
                    return 2;
                }
            }
        } catch (RuntimeException e) {
            wg.ifPresent(SandboxTunnels::close);
            throw e;
        }
        CountDownLatch done = new CountDownLatch(1);
        Optional<ConsoleScreen> screen = System.console() != null
                ? ConsoleScreen.open(ConsoleControl.of(sandbox, done, wg), done, System.out) : Optional.empty();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            done.countDown();
            screen.ifPresent(ConsoleScreen::close);
            System.out.println("stopping the sandbox ...");
            sandbox.close(); // returns once the sandbox's own exit hook (or this call) has stopped everything
            wg.ifPresent(SandboxTunnels::close);
            System.out.println("sandbox stopped, no process left behind");
        }, "sandbox-shutdown"));
        if (screen.isEmpty()) {
            ConsoleControl.startDaemon(sandbox, done, wg);
        }
        long stopAt = runFor.isZero() ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        do {
            String text = render(sandbox);
            if (screen.isPresent()) {
                screen.get().show(text);
            } else {
                System.out.print(text);
                System.out.flush();
            }
        } while (!done.await(refresh.toMillis(), TimeUnit.MILLISECONDS) && System.nanoTime() < stopAt);
        return 0; // a clean stop (q, Ctrl-C on the screen, --run-for) exits 0; the shutdown hook stops everything
    }

    private static Path defaultRepoRoot() {
        Path fromCwd = SandboxOptions.findRepoRoot(Path.of(""));
        if (Files.isDirectory(fromCwd.resolve("agent"))) {
            return fromCwd;
        }
        try {
            Path jar = Path.of(SandboxMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return SandboxOptions.findRepoRoot(jar);
        } catch (Exception e) {
            return fromCwd;
        }
    }

    /** The header, the live table, where the logs are, and the commands to try. */
    static String render(Sandbox sandbox) {
        List<ReplicaRow> rows = LiveTable.snapshot(sandbox);
        return "netmaker sandbox: " + rows.size() + " replicas, API " + sandbox.api().url() + ", Lease "
                + sandbox.lease().namespace() + '/' + sandbox.lease().name() + " held by "
                + sandbox.lease().holder().orElse("nobody") + "\n\n" + LiveTable.render(rows) + '\n'
                + logs(sandbox) + tryCommands(sandbox, rows);
    }

    /** Where each replica's log (its agent's and its operator's output) is. */
    static String logs(Sandbox sandbox) {
        StringBuilder text = new StringBuilder("Logs (agent and operator output; ")
                .append(sandbox.options().workDir() == null ? "removed on exit, keep them with --work-dir" : "kept")
                .append("):\n");
        for (Replica r : sandbox.replicas()) {
            text.append("  replica ").append(r.index()).append(": tail -f ").append(r.log()).append('\n');
        }
        return text.append('\n').toString();
    }

    static String tryCommands(Sandbox sandbox, List<ReplicaRow> rows) {
        Path kc = sandbox.api().adminKubeconfig();
        Optional<Replica> leader = sandbox.leaseHolder();
        Replica shown = leader.orElse(sandbox.replica(0));
        int port = shown.healthPort();
        String operatorPid = leader.flatMap(r -> rows.stream().filter(row -> row.index() == r.index()).findFirst())
                .map(ReplicaRow::operator).orElse("<operator pid>");
        String agentPid = leader.map(r -> Long.toString(r.agentPid())).orElse("<agent pid>");
        String pod = shown.podName();
        String self = "java -jar " + ownJar();
        return """
                Try (replica %1$d%2$s):
                  curl -s http://127.0.0.1:%3$d/status | jq .
                  curl -s 'http://127.0.0.1:%3$d/readyz?verbose'
                  curl -s http://127.0.0.1:%3$d/metrics | grep ^netmaker_agent
                  kubectl --kubeconfig %4$s get lease %5$s -o yaml
                  kill -9 %6$s        # the leader's operator dies: its agent releases the Lease and restarts it
                  kill -TERM %7$s     # the leader's agent stops: fast handover, exit 0
                  %9$s flip-sidecar --kubeconfig %4$s --namespace %10$s %8$s   # toggle netclient readiness
                Or type here:  f <i> flip sidecar | k <i> kill -9 operator | t <i> SIGTERM agent | s <i> start agent
                               w <i> cut/restore tunnel (--tunnels) | q quit
                Ctrl-C stops everything.
                """.formatted(shown.index(), leader.isPresent() ? ", the leader" : "", port, kc, sandbox.lease().name(),
                operatorPid, agentPid, pod, self, sandbox.options().namespace());
    }

    /** This jar's path, relative to the working directory when below it. */
    private static String ownJar() {
        try {
            Path jar = Path.of(SandboxMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path cwd = Path.of("").toAbsolutePath();
            return jar.startsWith(cwd) ? cwd.relativize(jar).toString() : jar.toString();
        } catch (Exception e) {
            return "e2e/target/sandbox.jar";
        }
    }

    /** Parses Go-style durations ({@code 500ms}, {@code 4s}, {@code 1m30s}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return GoDuration.parse(value);
        }
    }
}

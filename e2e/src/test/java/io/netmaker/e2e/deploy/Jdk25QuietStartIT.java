package io.netmaker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.netmaker.e2e.bench.Jdk25;
import io.netmaker.e2e.sandbox.ApiServer;
import io.netmaker.e2e.sandbox.HttpProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's runtime (JDK 25 with {@code deploy/image/jvm.options}) starts the operator, alone and behind the agent,
 * against the mock API server with election on, without one warning line: no {@code [WARN]} of ours and no JVM
 * warning on stderr (vert.x/netty's {@code sun.misc.Unsafe} calls printed four). Skips with one line without a JDK 25
 * or the jars (fails under CI=true).
 */
class Jdk25QuietStartIT {
    static final Path JVM_OPTIONS = Kustomize.repoRoot().resolve("deploy/image/jvm.options");
    /** Ours ({@code [WARN]}), the JVM's ({@code WARNING:}, {@code VM warning}) and any library's, in any case. */
    static final Pattern WARNING = Pattern.compile("(?i)warn");
    static final String NAMESPACE = "default";

    @TempDir
    Path dir;
    private String java;
    private ApiServer api;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void jdk25AndJars() {
        java = Jdk25.java().orElse(null);
        String why = java == null ? "no JDK 25 (set JAVA25 or install one under /usr/lib/jvm)"
                : !Files.isRegularFile(jar("operator")) ? "no " + jar("operator")
                : !Files.isRegularFile(jar("agent")) ? "no " + jar("agent") : null;
        if (why != null) {
            assertThat("true".equals(System.getenv("CI"))).as("Jdk25QuietStartIT under CI: " + why).isFalse();
            assumeTrue(false, "Jdk25QuietStartIT skipped: " + why);
        }
        api = ApiServer.start(dir, 0, NAMESPACE);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void theOperatorLeadsAndStopsWithoutAWarning() throws Exception {
        int probe = freePort();
        List<String> command = new ArrayList<>(jvm(jar("operator")));
        command.addAll(List.of("--kubeconfig=" + api.kubeconfig(), "--leader-elect=true",
                "--health-probe-bind-address=127.0.0.1:" + probe, "--metrics-bind-address=0"));
        Path log = dir.resolve("operator.log");
        Process operator = start(command, Map.of("POD_NAME", "quiet-op"), log);

        await("the operator's /readyz answers 200 and it leads").atMost(Duration.ofSeconds(60))
                .until(() -> ready(probe) && Files.readString(log).contains("controller starting"));
        stopAndAssertQuiet(operator, log);
    }

    @Test
    void theAgentAndItsOperatorChildStartAndStopWithoutAWarning() throws Exception {
        int health = freePort();
        List<String> command = new ArrayList<>(jvm(jar("agent")));
        command.addAll(List.of("run", "--"));
        command.addAll(jvm(jar("operator")));
        // as in a pod: its Pod exists (here without a sidecar container, so sidecar awareness is off by design)
        api.client().pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("quiet-agent")
                .endMetadata().withNewSpec().addNewContainer().withName("agent").withImage("netmaker-agent")
                .endContainer().endSpec().build()).create();
        Path log = dir.resolve("agent.log");
        Process agent = start(command, Map.of("POD_NAME", "quiet-agent", "KUBECONFIG", api.kubeconfig().toString(),
                "HEALTH_PROBE_PORT", Integer.toString(health), "AGENT_CHILD_DIALECT", "netmaker-java",
                "AGENT_STATE_DIR", dir.resolve("state").toString()), log);

        await("the agent's /readyz answers 200 and its child leads").atMost(Duration.ofSeconds(90))
                .until(() -> ready(health) && Files.readString(log).contains("controller starting"));
        stopAndAssertQuiet(agent, log);
    }

    /** SIGTERM, exit 0, then not one line of the whole run's output (stdout and stderr) is a warning. */
    private static void stopAndAssertQuiet(Process p, Path log) throws Exception {
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM").isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(l -> WARNING.matcher(l).find())).as(output).isEmpty();
    }

    /** {@code java @jvm.options -jar <jar>}: the image's JVM options, as its entrypoint gives both JVMs. */
    private List<String> jvm(Path jar) {
        return List.of(java, "@" + JVM_OPTIONS, "-jar", jar.toString());
    }

    private Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("AGENT_") || k.startsWith("PROXY_") || k.startsWith("POD_")
                || k.equals("KUBECONFIG") || k.equals("ENABLE_LEADER_ELECTION") || k.equals("HEALTH_PROBE_PORT")
                || k.startsWith("JAVA_TOOL") || k.startsWith("JDK_JAVA"));
        e.put("POD_NAMESPACE", NAMESPACE);
        // the API proxy on loopback: its readiness check passes without a netmaker interface
        e.put("PROXY_BIND_IP", "127.0.0.1");
        e.put("PROXY_PORT", Integer.toString(freePort()));
        e.putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static Path jar(String module) {
        return Path.of(System.getProperty(module + ".jar", "../" + module + "/target/" + module + ".jar"));
    }

    private static boolean ready(int port) {
        return HttpProbe.get("127.0.0.1", port, "/readyz").code() == 200;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

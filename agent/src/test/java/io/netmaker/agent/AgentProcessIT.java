package io.netmaker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.agent.testing.RequiredTool;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a real process: exit codes, signal forwarding (beside tini, the reference, with the same child:
 * every signal tini forwards reaches the child unchanged through the agent too, none ends the agent, and SIGINT stops
 * both with the child's own code), config errors.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentProcessIT {
    private static final Path JAR = Path.of(System.getProperty("agent.jar", "target/agent.jar"));
    /** Traps what it is sent and logs it; exits 7 on SIGINT. */
    private static final String TRAPPING_CHILD = "for s in HUP USR1 USR2 WINCH CONT ALRM URG; do"
            + " trap \"echo got-$s >> $0\" $s; done; trap 'echo got-INT >> $0; exit 7' INT; echo ready >> $0;"
            + " while :; do sleep 0.05; done";
    private static final List<String> FORWARDED = List.of("HUP", "USR1", "USR2", "WINCH", "CONT", "ALRM", "URG");

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process agent(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return start(cmd, env, "");
    }

    /**
     * Starts {@code command} with a clean agent environment plus {@code env}, output in {@code <name>stdout|stderr},
     * and every signal at its default: a test JVM started in the background inherits SIGINT ignored, under nohup
     * SIGHUP, and a POSIX shell cannot trap a signal that was ignored when it started.
     */
    private Process start(List<String> command, Map<String, String> env, String name) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve(name + "stdout").toFile())
                .redirectError(tmp.resolve(name + "stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AGENT_") || k.startsWith("POD_")
                || k.equals("HEALTH_PROBE_PORT") || k.equals("PROXY_PORT") || k.equals("ENABLE_LEADER_ELECTION"));
        pb.environment().put("AGENT_STATE_DIR", tmp.resolve(name + "state").toString());
        pb.environment().put("AGENT_TERMINATION_LOG", tmp.resolve(name + "termination-log").toString());
        pb.environment().put("HEALTH_PROBE_PORT", Integer.toString(freePort()));
        pb.environment().put("PROXY_PORT", Integer.toString(freePort()));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private String file(String name) throws IOException {
        return Files.readString(tmp.resolve(name), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Children here take a positional argument ({@code sh -c script arg0}, {@code java Child.java arg}): with the Go
     * dialect's rules the agent's flags would go before it, so they run with picocli's (flags appended).
     */
    private static final String DIALECT = "AGENT_CHILD_DIALECT";
    private static final String APPEND_FLAGS = "netmaker-java";

    @Test
    void exitsWithTheChildsCodeAfterTheRestartBudget() throws Exception {
        Process p = agent(Map.of("AGENT_RESTART_BACKOFF", "10ms", "AGENT_RESTART_BACKOFF_MAX", "20ms"),
                "run", "--", "sh", "-c", "exit 3");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(file("termination-log")).isEqualTo("gave-up: exited with code 3; gave up after 5 restarts in a row\n");
    }

    @Test
    void sigtermIsForwardedOnceAndTheChildsCodeIsTheAgentsCode() throws Exception {
        Process p = agent(Map.of(), "run", "--", "sh", "-c",
                "trap 'echo got-term; exit 7' TERM; echo ready; while :; do sleep 0.05; done");
        await().atMost(Duration.ofSeconds(30)).until(() -> file("stdout").contains("ready")
                && Files.exists(tmp.resolve("state/ports.json")));
        p.destroy(); // SIGTERM to the agent
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(7);
        assertThat(file("stdout")).containsOnlyOnce("got-term");
    }

    @Test
    void aChildKilledBySigtermGives143() throws Exception {
        Process p = agent(Map.of(), "run", "--", "sh", "-c", "echo ready; exec sleep 300");
        await().atMost(Duration.ofSeconds(30)).until(() -> file("stdout").contains("ready"));
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
    }

    @Test
    void aBadValueGivesOneClearErrorAndExit2() throws Exception {
        Process p = agent(Map.of("HEALTH_PROBE_PORT", "80x"), "run", "--", "sh", "-c", "echo started");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(file("stderr")).isEqualTo("agent: configuration error, nothing was started:\n"
                + "  invalid HEALTH_PROBE_PORT=\"80x\": must be a port number from 1 to 65535\n");
        assertThat(file("stdout")).isEmpty();
    }

    /**
     * The same bad value, in 16 agents started eight at a time (each round loads the machine with eight JVM starts):
     * every one prints exactly the configuration error, never a line of SLF4J's own initialisation ahead of it.
     */
    @Test
    void aBadValuePrintsOnlyTheConfigurationErrorEveryTimeUnderLoad() throws Exception {
        String expected = "agent: configuration error, nothing was started:\n"
                + "  invalid HEALTH_PROBE_PORT=\"80x\": must be a port number from 1 to 65535\n";
        for (int round = 0; round < 2; round++) {
            List<Process> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", JAR.toString(), "run", "--", "sh", "-c", "echo started");
                batch.add(start(cmd, Map.of("HEALTH_PROBE_PORT", "80x"), "bad-" + round + "-" + i + "-"));
            }
            for (int i = 0; i < batch.size(); i++) {
                assertThat(batch.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(batch.get(i).exitValue()).isEqualTo(2);
                assertThat(file("bad-" + round + "-" + i + "-stderr")).as("run %d of round %d", i, round)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void planPrintsTheHashedPorts() throws Exception {
        Process p = agent(Map.of("POD_NAME", "netmaker-k8s-ops-multi-7d9f8c6b5-abcde", "POD_NAMESPACE", "netmaker",
                "AGENT_PORT_STRATEGY", "hash",
                "HEALTH_PROBE_PORT", "", "PROXY_PORT", ""), "plan", "-o", "json");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(file("stdout").replaceAll("\\s", "")).contains("\"seed\":8644", "\"seed\":8648");
    }

    @Test
    void aChildThatStopsAnsweringButStaysAliveIsRestartedByLiveness() throws Exception {
        Path hang = tmp.resolve("hang");
        Path child = Path.of("src/test/resources/children/HangingChild.java").toAbsolutePath();
        Process p = agent(Map.of(DIALECT, APPEND_FLAGS, "AGENT_CHILD_LIVENESS_PERIOD", "300ms",
                "AGENT_CHILD_LIVENESS_FAILURES", "2", "AGENT_CHILD_LIVENESS_DELAY", "120s", "AGENT_CHILD_PROBE_TIMEOUT", "500ms", "AGENT_SHUTDOWN_GRACE", "2s"),
                "run", "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                child.toString(), hang.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> file("stdout").contains("serving"));
        // answering: no failed call and no restart for two seconds (over six liveness periods)
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> !file("stderr").contains("child liveness call failed"));
        Files.writeString(hang, "");
        await().atMost(Duration.ofSeconds(60)).until(() -> file("stderr").contains("child restart requested cause=liveness"));
        Files.delete(hang);
        await().atMost(Duration.ofSeconds(60)).until(() -> file("stdout").lines().filter(l -> l.startsWith("serving"))
                .count() == 2);
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void theAgentForwardsEverySignalTiniDoesAndStopsOnIntAsTiniDoes() throws Exception {
        Path tini = RequiredTool.find("tini", "tini");
        Path tiniLog = tmp.resolve("tini-child.log");
        int tiniCode = forwardAndStop(start(List.of(tini.toString(), "-s", "--", "sh", "-c", TRAPPING_CHILD,
                tiniLog.toString()), Map.of(), "tini-"), tiniLog);
        Path agentLog = tmp.resolve("agent-child.log");
        int agentCode = forwardAndStop(agent(Map.of(DIALECT, APPEND_FLAGS), "run", "--", "sh", "-c", TRAPPING_CHILD,
                agentLog.toString()), agentLog);
        assertThat(read(agentLog)).as("what the child saw under the agent, as under tini").isEqualTo(read(tiniLog))
                .isEqualTo("ready\n" + FORWARDED.stream().map(sig -> "got-" + sig + "\n").reduce("", String::concat)
                        + "got-INT\n");
        assertThat(agentCode).as("the child's code after SIGINT, as under tini").isEqualTo(tiniCode).isEqualTo(7);
    }

    @Test
    void quitDoesNotEndTheAgent() throws Exception {
        Path log = tmp.resolve("quit-child.log");
        Process p = agent(Map.of(DIALECT, APPEND_FLAGS), "run", "--", "sh", "-c", TRAPPING_CHILD, log.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("ready"));
        kill("QUIT", p.pid()); // the JVM's thread dump: not forwarded, and the agent runs on
        await().atMost(Duration.ofSeconds(30)).until(() -> (file("stdout") + file("stderr")).contains("Full thread dump"));
        assertThat(p.isAlive()).isTrue();
        assertThat(read(log)).doesNotContain("got-QUIT");
        kill("INT", p.pid());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(7);
    }

    /** Sends every forwarded signal, each once it reached the child, then SIGINT; returns the exit code. */
    private int forwardAndStop(Process supervisor, Path log) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> read(log).contains("ready"));
        for (String signal : FORWARDED) {
            kill(signal, supervisor.pid());
            await("SIG" + signal + " reaches the child").atMost(Duration.ofSeconds(10))
                    .until(() -> read(log).contains("got-" + signal));
            assertThat(supervisor.isAlive()).as("alive after SIG%s", signal).isTrue();
        }
        kill("INT", supervisor.pid());
        assertThat(supervisor.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return supervisor.exitValue();
    }

    private static void kill(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).start().waitFor()).isZero();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}

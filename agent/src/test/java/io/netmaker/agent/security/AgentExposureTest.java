package io.netmaker.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.agent.metrics.AgentMetrics;
import io.netmaker.agent.testing.RequiredTool;
import io.netmaker.healthz.HealthEndpoint;
import io.netmaker.testing.MockApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a running agent exposes: it never shows the environment's values (a planted token and password, in the
 * agent's env and so in the child's), its endpoints accept only GET and HEAD, and oversize or malformed requests get
 * a 4xx answer, never a 5xx or a hang. One real agent process (Kubernetes awareness on, against the mock API
 * server) with a child that crashes once and then runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentExposureTest {
    private static final String TOKEN = "sk-test-" + random();
    private static final String PASSWORD = "pw-" + random();
    private static final List<String> PATHS = List.of("/healthz", "/readyz", "/metrics", "/status",
            "/healthz?verbose", "/readyz?verbose", "/healthz/restart-budget", "/nope");

    private final MockApi api = new MockApi();
    private Path dir;
    private Map<String, String> env;
    private AgentProcess agent;
    private int port;

    @BeforeAll
    void startAgent() throws Exception {
        dir = Files.createTempDirectory("agent-exposure-");
        api.start();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, kubeconfig("http://127.0.0.1:" + api.port()));
        port = AgentProcess.freePort();
        env = new HashMap<>();
        env.put("NETCLIENT_TOKEN", TOKEN);
        env.put("DB_PASSWORD", PASSWORD);
        env.put("AGENT_API_TOKEN", TOKEN); // an unknown AGENT_ variable: its name may be logged, never its value
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("POD_NAME", "exposure-test-0");
        env.put("POD_NAMESPACE", "test");
        env.put("HEALTH_PROBE_PORT", Integer.toString(port));
        env.put("PROXY_PORT", Integer.toString(AgentProcess.freePort()));
        env.put("AGENT_STATE_DIR", dir.resolve("state").toString());
        env.put("AGENT_TERMINATION_LOG", dir.resolve("termination-log").toString());
        env.put("AGENT_RESTART_BACKOFF", "10ms");
        env.put("AGENT_SIDECAR_WAIT", "false");
        // picocli syntax: the agent's flags go after "$0" (Go syntax would put them before the first positional)
        env.put("AGENT_CHILD_DIALECT", "netmaker-java");
        // first run: exit 3 (a restart, logged with its reason); then run quietly
        String child = "if [ -e \"$0\" ]; then echo child-running; exec sleep 300; else : > \"$0\"; exit 3; fi";
        agent = AgentProcess.start(dir, "agent", env,
                List.of("run", "--", "sh", "-c", child, dir.resolve("crashed-once").toString()));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("state/ports.json"))
                && Files.readString(agent.stdout).contains("child-running"));
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (agent != null) {
            agent.close();
        }
        api.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void endpointsAnswerGetAndHead() throws IOException {
        for (String path : PATHS) {
            RawHttp.Answer get = RawHttp.send(port, request("GET", path));
            RawHttp.Answer head = RawHttp.send(port, request("HEAD", path));
            assertThat(get.status()).as("GET %s", path).isBetween(200, 599).isNotEqualTo(405);
            assertThat(head.status()).as("HEAD %s", path).isEqualTo(get.status());
        }
        assertThat(RawHttp.send(port, request("GET", "/healthz")).status()).isEqualTo(200);
    }

    static Stream<String> otherMethods() {
        return Stream.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "BREW");
    }

    @ParameterizedTest
    @MethodSource("otherMethods")
    @Order(2)
    void everyOtherMethodIs405(String method) throws IOException {
        for (String path : PATHS) {
            String req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}";
            RawHttp.Answer a = RawHttp.send(port, req);
            boolean probe = HealthEndpoint.isProbePath(path.replaceAll("\\?.*", ""), "/healthz", "/readyz");
            if (probe && HealthEndpoint.METHODS.stream().anyMatch(m -> m.name().equals(method))) {
                // controller-runtime serves the probes for every method, like GET; the probes change nothing
                RawHttp.Answer get = RawHttp.send(port, request("GET", path));
                assertThat(a.status()).as("%s %s: %s", method, path, firstLine(a)).isEqualTo(get.status());
            } else {
                assertThat(a.status()).as("%s %s: %s", method, path, firstLine(a)).isEqualTo(405);
            }
        }
    }

    @Test
    @Order(2)
    void connectWithAPathIsRefusedAsMalformed() throws IOException {
        // CONNECT needs an authority, not a path: the parser refuses it before any route (400), which is fine too
        assertThat(RawHttp.send(port, request("CONNECT", "/healthz")).status()).isIn(400, 405);
    }

    static Stream<byte[]> badRequests() {
        String big = "a".repeat(64 * 1024);
        return Stream.of(
                ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n"),
                ("GET /healthz HTTP/1.1\r\nHost: x\r\n" + "X-Many: 1\r\n".repeat(5000) + "Connection: close\r\n\r\n"),
                ("GET /healthz?" + big + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                ("GET /" + big + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                "\u0000\u0001\u0002garbage\r\n\r\n",
                "GET\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "GET /%zz%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n",
                "GET /healthz HTTP/1.1\r\n\r\n")
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    @Order(3)
    void oversizeOrMalformedRequestsGet4xxNeverA5xxOrAHang(byte[] request) throws IOException {
        RawHttp.Answer a = RawHttp.send(port, request, 5000);
        String shown = new String(request, 0, Math.min(60, request.length), StandardCharsets.ISO_8859_1);
        assertThat(a.status()).as("answer to %s: %s", shown.replaceAll("\\p{Cntrl}", "."), firstLine(a))
                .isBetween(400, 499);
        assertThat(RawHttp.send(port, request("GET", "/healthz")).status()).as("still serving").isEqualTo(200);
    }

    @Test
    @Order(3)
    void metricsPassPromtoolAndEverySeriesExistsFromTheStart() throws Exception {
        Path promtool = RequiredTool.find("promtool", "prometheus");
        String text = RawHttp.send(port, request("GET", "/metrics")).text();
        String body = text.substring(text.indexOf("\r\n\r\n") + 4);
        assertThat(body).contains("netmaker_agent_child_last_exit_code 3.0",
                "netmaker_agent_child_restarts_total{reason=\"exit\"} 1.0", "netmaker_agent_child_up 1.0",
                "netmaker_agent_leader{", "netmaker_agent_port_conflicts_total{role=\"health\"} 0.0");
        AgentMetrics.RESTART_REASONS.forEach(r -> assertThat(body).contains("netmaker_agent_child_restarts_total{reason=\"" + r + "\"}"));
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = check.getOutputStream()) {
            in.write(body.getBytes(StandardCharsets.UTF_8));
        }
        String lint = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the JVM binders' names are Micrometer's; the agent's own families must be clean
        assertThat(lint.lines().filter(l -> l.contains("netmaker_"))).as("promtool check metrics:\n%s", lint).isEmpty();
    }

    @Test
    @Order(4)
    void noOutputEverShowsAnEnvironmentValue() throws Exception {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String path : List.of("/status", "/metrics", "/healthz?verbose", "/readyz?verbose")) {
            outputs.put("GET " + path, RawHttp.send(port, request("GET", path)).text());
        }
        outputs.put("ports.json", Files.readString(dir.resolve("state/ports.json")));
        outputs.put("agent plan", AgentProcess.runToEnd(dir, "plan", env, List.of("plan")));
        outputs.put("agent plan --output json", AgentProcess.runToEnd(dir, "plan-json", env,
                List.of("plan", "--output", "json", "--", "sh", "-c", "true")));
        assertThat(agent.stop()).as("agent exits on SIGTERM").isTrue();
        outputs.put("agent stdout+stderr", agent.output());
        outputs.put("termination log", Files.readString(dir.resolve("termination-log")));

        // the outputs are real: the status shows the restart, the log names the unknown variable
        assertThat(outputs.get("GET /status")).contains("\"restarts\"");
        assertThat(outputs.get("agent plan --output json")).contains("\"health\"");
        assertThat(outputs.get("agent stdout+stderr")).contains("AGENT_API_TOKEN");
        outputs.forEach((what, text) -> {
            assertThat(text).as(what).isNotBlank();
            assertThat(text).as(what).doesNotContain(TOKEN, PASSWORD, TOKEN.substring("sk-test-".length()),
                    PASSWORD.substring("pw-".length()));
        });
    }

    private static String request(String method, String path) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    }

    private static String firstLine(RawHttp.Answer a) {
        int end = a.text().indexOf('\r');
        return end < 0 ? a.text() : a.text().substring(0, end);
    }

    private static String random() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String kubeconfig(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                contexts:
                - name: test
                  context:
                    cluster: test
                    user: test
                    namespace: test
                current-context: test
                users:
                - name: test
                  user:
                    token: kubeconfig-token-is-not-secret-here
                """.formatted(url);
    }
}

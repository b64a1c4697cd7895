package io.netmaker.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.netmaker.agent.child.ChildExit;
import io.netmaker.agent.child.ExitCause;
import io.netmaker.agent.metrics.AgentMetrics;
import io.netmaker.agent.ports.PlannedPort;
import io.netmaker.agent.ports.PortConflict;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortRole;
import io.netmaker.agent.status.StatusSection;
import io.netmaker.healthz.HealthChecks;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentServerTest {
    static final PortPlan PLAN = new PortPlan("hash: test", List.of(
            new PlannedPort(PortRole.HEALTH, 8644, "hash(POD_NAME)", 8644),
            new PlannedPort(PortRole.PROXY, 8649, "next-free", 8648),
            new PlannedPort(PortRole.CHILD_PROBE, 40001, "loopback", 40001),
            new PlannedPort(PortRole.CHILD_METRICS, 40002, "loopback", 40002)),
            List.of(new PortConflict(PortRole.PROXY, 8648, "in use")));

    private final HealthChecks liveness = new HealthChecks();
    private final HealthChecks readiness = new HealthChecks();
    private final AgentMetrics metrics = new AgentMetrics("1.2.3");

    private Javalin app() {
        liveness.add("restart-budget", () -> { });
        readiness.add("child", () -> {
            throw new IllegalStateException("child /readyz answered 503");
        });
        readiness.add("ports", () -> { });
        metrics.publish(PLAN);
        metrics.registerConflictCounters(PLAN);
        PLAN.conflicts().forEach(metrics::conflict);
        Map<String, Supplier<Object>> status = new LinkedHashMap<>();
        status.put("version", () -> "1.2.3");
        status.put("child", () -> Map.of("running", true));
        StatusSection leader = new StatusSection() {
            @Override
            public String name() {
                return "leader";
            }

            @Override
            public Object snapshot() {
                return Map.of("holder", "pod-1");
            }
        };
        return AgentServer.create(0, null, liveness, readiness, metrics::scrape, status, List.of(leader));
    }

    @Test
    void healthzIsOkWhileTheAgentLives() {
        JavalinTest.test(app(), (server, client) -> {
            var r = client.get("/healthz");
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).isEqualTo("ok");
            assertThat(client.get("/healthz?verbose").body().string())
                    .isEqualTo("[+]restart-budget ok\nhealthz check passed\n");
            assertThat(client.get("/healthz/restart-budget").code()).isEqualTo(200);
        });
    }

    @Test
    void readyzHasControllerRuntimeSemantics() {
        JavalinTest.test(app(), (server, client) -> {
            var r = client.get("/readyz");
            assertThat(r.code()).isEqualTo(500);
            assertThat(r.body().string()).isEqualTo(
                    "[-]child failed: reason withheld\n[+]ports ok\nhealthz check failed\n");
            assertThat(client.get("/readyz?exclude=child").code()).isEqualTo(200);
            assertThat(client.get("/readyz?exclude=child&verbose").body().string())
                    .isEqualTo("[+]child excluded: ok\n[+]ports ok\nhealthz check passed\n");
            var single = client.get("/readyz/child");
            assertThat(single.code()).isEqualTo(500);
            assertThat(single.body().string()).isEqualTo("internal server error: child /readyz answered 503\n");
            assertThat(client.get("/readyz/ports").code()).isEqualTo(200);
            assertThat(client.get("/readyz/nope").code()).isEqualTo(404);
        });
    }

    @Test
    void metricsArePrometheusTextWithTheAgentPrefix() {
        metrics.started(42);
        metrics.exited(new ChildExit(3, ExitCause.EXIT, "exited with code 3", true));
        metrics.exited(new ChildExit(1, ExitCause.ADDRESS_IN_USE, "address already in use; exited with code 1",
                true));
        JavalinTest.test(app(), (server, client) -> {
            var r = client.get("/metrics");
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.headers().get("Content-Type").get(0)).startsWith("text/plain");
            assertThat(r.body().string())
                    .contains("netmaker_agent_build_info{java_version=")
                    .contains("version=\"1.2.3\"} 1")
                    .contains("netmaker_agent_child_up 0")
                    .contains("netmaker_agent_child_last_exit_code 1")
                    .contains("netmaker_agent_child_restarts_total{reason=\"exit\"} 1")
                    .contains("netmaker_agent_child_restarts_total{reason=\"address-in-use\"} 1")
                    .contains("netmaker_agent_port_info{port=\"8644\",role=\"health\",source=\"hash(POD_NAME)\"} 1")
                    .contains("netmaker_agent_port_info{port=\"8649\",role=\"proxy\",source=\"next-free\"} 1")
                    .contains("netmaker_agent_port_conflicts_total{role=\"proxy\"} 1")
                    .contains("netmaker_agent_port_conflicts_total{role=\"health\"} 0")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_uptime_seconds");
        });
    }

    @Test
    void statusIsJsonWithEverySection() {
        JavalinTest.test(app(), (server, client) -> {
            var r = client.get("/status");
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.headers().get("Content-Type").get(0)).startsWith("application/json");
            assertThat(r.body().string()).isEqualTo(
                    "{\"version\":\"1.2.3\",\"child\":{\"running\":true},\"leader\":{\"holder\":\"pod-1\"}}");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics", "/status", "/anything"})
    void onlyGetAndHeadAreAllowed(String path) {
        JavalinTest.test(app(), (server, client) -> {
            var post = client.post(path, "x");
            assertThat(post.code()).isEqualTo(405);
            assertThat(post.headers().get("Allow")).containsExactly("GET, HEAD");
            assertThat(client.delete(path).code()).isEqualTo(405);
            assertThat(client.put(path, "x").code()).isEqualTo(405);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/healthz", "/readyz?exclude=child", "/metrics", "/status"})
    void headAnswersWithoutABody(String path) {
        JavalinTest.test(app(), (server, client) -> {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
        });
    }

    @Test
    void unknownPathsAre404() {
        JavalinTest.test(app(), (server, client) -> assertThat(client.get("/nope").code()).isEqualTo(404));
    }

    @Test
    void oversizedAndMalformedRequestsGet4xx() {
        JavalinTest.test(app(), (server, client) -> {
            String big = "x".repeat(64 * 1024);
            assertThat(raw(server.port(), "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + big + "\r\n\r\n"))
                    .matches("HTTP/1.1 4\\d\\d .*");
            assertThat(raw(server.port(), "BLAH\r\n\r\n")).matches("HTTP/1.1 4\\d\\d .*");
            assertThat(raw(server.port(), "GET /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n"))
                    .matches("HTTP/1.1 4\\d\\d .*");
        });
    }

    /** Sends raw bytes and returns the status line. */
    private static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.append((char) b);
            }
            return line.toString().trim();
        }
    }
}

package io.netmaker.operator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.testing.MockApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator as a real process (test classpath): its API proxy never listens on every interface unless told to.
 * Without {@code PROXY_BIND_IP} and without an address on the interface, nothing listens on {@code PROXY_PORT} (read
 * from {@code /proc/net/tcp} and {@code tcp6}) and {@code /readyz} fails naming the proxy; with
 * {@code PROXY_BIND_IP=127.0.0.1} only loopback listens; {@code PROXY_BIND_IP=0.0.0.0} is the explicit opt-in, and it
 * is warned about.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ApiProxyBindProcessTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @TempDir
    Path dir;

    private final MockApi api = new MockApi();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        api.close();
    }

    @Test
    void withoutAnInterfaceAddressNothingListensAndReadinessNamesTheProxy() throws Exception {
        int probe = freePort();
        int proxy = freePort();
        start(probe, proxy, Map.of("IFACE_NAME", "nmnoiface0"));
        await().atMost(Duration.ofSeconds(60)).until(() -> status(probe, "/healthz") == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> body(probe, "/readyz?verbose").contains("[-]proxy"));
        assertThat(status(probe, "/readyz")).isNotEqualTo(200);
        assertThat(listeners(proxy)).as("listeners on PROXY_PORT %d", proxy).isEmpty();
    }

    @Test
    void anExplicitLoopbackBindListensOnLoopbackOnly() throws Exception {
        int probe = freePort();
        int proxy = freePort();
        start(probe, proxy, Map.of("IFACE_NAME", "nmnoiface0", "PROXY_BIND_IP", "127.0.0.1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !listeners(proxy).isEmpty());
        // 127.0.0.1 on an IPv4 socket, or ::ffff:127.0.0.1 on a dual-stack one
        assertThat(listeners(proxy)).hasSize(1).isSubsetOf("0100007F", "0000000000000000FFFF00000100007F");
        await().atMost(Duration.ofSeconds(10)).until(() -> status(probe, "/readyz") == 200);
    }

    @Test
    void everyInterfaceOnlyWhenToldToAndWithAWarning() throws Exception {
        int probe = freePort();
        int proxy = freePort();
        Path log = start(probe, proxy, Map.of("IFACE_NAME", "nmnoiface0", "PROXY_BIND_IP", "0.0.0.0"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !listeners(proxy).isEmpty());
        assertThat(listeners(proxy)).containsAnyOf("00000000", "00000000000000000000000000000000");
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("binds every interface");
    }

    private Path start(int probe, int proxy, Map<String, String> env) throws IOException {
        Path kubeconfig = api.writeKubeconfig(dir);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "io.netmaker.operator.Main",
                "--kubeconfig=" + kubeconfig, "--leader-elect=false",
                "--health-probe-bind-address=127.0.0.1:" + probe, "--metrics-bind-address=0");
        Path log = dir.resolve("operator-" + proxy + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PROXY_") || k.equals("IFACE_NAME")
                || k.startsWith("POD_") || k.equals("KUBECONFIG"));
        pb.environment().put("PROXY_PORT", Integer.toString(proxy));
        pb.environment().putAll(env);
        processes.add(pb.start());
        return log;
    }

    /** Local addresses (hex, as the kernel prints them) of sockets listening on {@code port}, IPv4 and IPv6. */
    private static Set<String> listeners(int port) throws IOException {
        Set<String> out = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(":" + hexPort) && f[3].equals("0A")) {
                    out.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return out;
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String body(int port, String path) {
        try {
            return HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

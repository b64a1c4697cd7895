package io.netmaker.operator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmaker.operator.config.ProxyLimits;
import io.netmaker.operator.testing.Peers;
import io.netmaker.operator.testing.WatchStreams;
import io.netmaker.testing.MockApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One peer (here many loopback source addresses, so the per-client cap does not hide the global limits) attacks the
 * API proxy of a real operator process with a 128 MiB heap: parallel 8 MiB uploads, then watches that are never read
 * after their first event held open together with connections that never finish their headers. The operator must
 * keep serving its probes, keep renewing its Lease and never exit; an oversize body gets 413; once the attack stops
 * the proxy ends the abandoned watches upstream and serves again.
 *
 * <p>The operator's API server is the fabric8 mock behind {@link WatchStreams}: the mock serves watches over
 * WebSocket only, so the front streams the proxy's plain HTTP watches itself (chunked, held open, an event a second)
 * and relays everything else, the operator's Lease requests and informers included, to the mock.
 */
class ProxyAttackIT {
    private static final String LEASE = "3820d23d.netmaker.io";
    private static final int MIB = 1024 * 1024;
    private static final String EVENT = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
            + "\"metadata\":{\"resourceVersion\":\"1\"}}}\n";

    @TempDir
    Path dir;
    private final MockApi api = new MockApi();
    private final KubernetesClient admin = api.defaultClient();
    private final WatchStreams front = WatchStreams.before(api.url());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService attackers = Executors.newCachedThreadPool();
    private Process operator;

    ProxyAttackIT() throws IOException {
    }

    @AfterEach
    void cleanUp() throws Exception {
        attackers.shutdownNow();
        closeAll();
        if (operator != null) {
            operator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        admin.close();
        front.close();
        api.close();
    }

    @Test
    void uploadsSlowHeadersAndAbandonedWatchesNeitherCrashNorDethroneTheOperator() throws Exception {
        int probe = freePort();
        int proxy = freePort();
        operator = start(probe, proxy);
        await().atMost(Duration.ofSeconds(60)).until(() -> "op-attacked".equals(holder()));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(probe, "/readyz") == 200);

        // a caller's credentials and identity never reach the API server; the default mode impersonates the peer
        api.drainRecorded();
        assertThat(statusLine(proxy, source(251), "GET /api/v1/namespaces/default/pods?limit=7 HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer stolen\r\nImpersonate-User: system:admin\r\nImpersonate-Group: system:masters\r\n"
                + "X-Remote-User: system:admin\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        var forwarded = await().atMost(Duration.ofSeconds(20)).until(() -> api.drainRecorded().stream()
                .filter(r -> r.getPath().contains("limit=7")).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(forwarded.getHeaders().headers("Authorization")).containsExactly("Bearer not-a-secret");
        assertThat(forwarded.getHeaders().headers("Impersonate-User")).containsExactly("wireguard-peer");
        assertThat(forwarded.getHeaders().headers("Impersonate-Group"))
                .containsExactly("system:authenticated", "wireguard-peers");
        assertThat(forwarded.getHeaders().toMultimap().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-remote-"));
        assertThat(log()).contains("mode=auth").doesNotContain("mode=noauth");

        // oversize: refused on its Content-Length, before any of the body is read
        assertThat(statusLine(proxy, source(250), "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (8 * MIB + 1) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 413");

        Map<String, Integer> uploads = new ConcurrentHashMap<>();
        Instant attackStart = Instant.now();
        for (int i = 0; i < 20; i++) {
            int n = i;
            attackers.submit(() -> uploads.put("upload-" + n, upload(proxy, source(10 + n))));
        }
        Watchdog watchdog = new Watchdog(probe);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> watchdog.check() && uploads.size() == 20);
        System.out.printf("proxy attack: 20 x 8 MiB uploads answered %s within %d s%n", uploads.values(),
                Duration.between(attackStart, Instant.now()).toSeconds());

        // watches first: each streaming one holds a request thread, so slow headers queued before them could delay
        // the refusals by several 30 s read times
        Instant watchStart = Instant.now();
        List<String> watches = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 200; i++) {
            int n = i;
            attackers.submit(() -> watches.add(watch(proxy, source(n))));
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> tick(watchdog) && watches.size() == 200);
        int cap = ProxyLimits.DEFAULT.maxInFlight();
        Map<String, Long> outcomes = watches.stream()
                .collect(java.util.stream.Collectors.groupingBy(w -> w, java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()));
        System.out.printf("proxy attack: 200 watches answered within %d s: %s; upstream streams open %d, most at "
                + "once %d%n", Duration.between(watchStart, Instant.now()).toSeconds(), outcomes, front.open().size(),
                front.mostOpen());
        assertThat(outcomes).as("the first %d watches stream (200, chunked, an event through), the rest get 503", cap)
                .containsOnly(Map.entry("streaming", (long) cap), Map.entry("503", 200L - cap));
        assertThat(front.open()).as("the upstream holds one open watch per streaming attacker").hasSize(cap);
        assertThat(front.mostOpen()).as("never more upstream watches than the proxy's cap").isEqualTo(cap);

        List<Socket> slow = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 200; i++) {
            int n = i;
            attackers.submit(() -> slow.add(open(proxy, source(n), "GET /api/v1/pods HTTP/1.1\r\nHost: x\r\nX-Slow: ")));
        }
        // the attack holds for 40 s; every second the watchdog checks the probe and the Lease (a failed check ends it)
        await("40 s of attack with the operator answering and renewing").during(Duration.ofSeconds(40))
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> tick(watchdog));
        System.out.printf("proxy attack: %d probe checks passed, %d Lease renewals seen in %d s; %d watches still "
                + "streaming upstream%n", watchdog.probes, watchdog.renewals,
                Duration.between(attackStart, Instant.now()).toSeconds(), front.open().size());
        assertThat(watchdog.renewals).as("the Lease kept being renewed").isGreaterThan(10);
        assertThat(front.open()).as("the abandoned watches are still held upstream").hasSize(cap);
        // connections that never finish their headers are closed by the server after the 30 s read time
        await().atMost(Duration.ofSeconds(40)).until(() -> slow.stream().limit(50).anyMatch(ProxyAttackIT::closedByPeer));
        assertThat(log()).doesNotContain("OutOfMemoryError").doesNotContain("leader election lost");

        closeAll();
        if (Files.isReadable(Path.of("/proc/net/tcp"))) { // else the proxy cannot notice (AbandonedWatchIT covers it)
            Instant left = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> front.open().isEmpty());
            System.out.printf("proxy attack: %d upstream watches closed within %d ms of their clients leaving%n",
                    front.closed().size(), Duration.between(left, Instant.now()).toMillis());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> status(proxy, "/version") == 200);
        assertThat(operator.isAlive()).isTrue();
    }

    /** One watchdog check, and an event to every open watch so the abandoned ones keep trickling. */
    private boolean tick(Watchdog watchdog) throws IOException {
        watchdog.check();
        front.sendToAll(EVENT);
        return true;
    }

    /**
     * Opens a watch and reads its response head and, when it streams, its first event, then never reads again:
     * {@code streaming}, the status code of a refusal, or what went wrong.
     */
    private String watch(int port, InetAddress from) {
        try {
            Socket s = open(port, from, "GET /api/v1/namespaces/default/pods?watch=true HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = Peers.readUntil(s, "\r\n\r\n", Duration.ofSeconds(60));
            if (!head.startsWith("HTTP/1.1 200")) {
                return head.isEmpty() ? "closed" : head.split(" ")[1];
            }
            String event = Peers.readUntil(s, "}}}\n", Duration.ofSeconds(30));
            return head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")
                    && event.contains("\"BOOKMARK\"") ? "streaming" : "200 without a chunked event: " + head + event;
        } catch (IOException | AssertionError e) {
            return "failed: " + e.getMessage();
        }
    }

    /** Checks, each time it is asked, that the operator lives, answers its probe and still holds a renewed Lease. */
    private final class Watchdog {
        private final int probe;
        private Instant renewed = renewTime();
        private int probes;
        private int renewals;

        Watchdog(int probe) {
            this.probe = probe;
        }

        boolean check() throws IOException {
            assertThat(operator.isAlive()).as("operator alive; log:\n" + log()).isTrue();
            assertThat(status(probe, "/healthz")).isEqualTo(200);
            probes++;
            assertThat(holder()).isEqualTo("op-attacked");
            Instant now = renewTime();
            if (now.isAfter(renewed)) {
                renewals++;
                renewed = now;
            }
            return true;
        }
    }

    private Process start(int probe, int proxy) throws IOException {
        String jar = System.getProperty("operator.jar", "target/operator.jar");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar,
                "--kubeconfig=" + MockApi.writeKubeconfig(dir, front.url()), "--leader-elect",
                "--health-probe-bind-address=127.0.0.1:" + probe, "--lease-duration", "4s", "--renew-deadline", "3s",
                "--retry-period", "500ms")
                .redirectErrorStream(true).redirectOutput(dir.resolve("operator.log").toFile());
        Map<String, String> env = pb.environment();
        env.remove("KUBECONFIG");
        env.remove("ENABLE_LEADER_ELECTION");
        env.put("POD_NAME", "op-attacked");
        env.put("POD_NAMESPACE", "default");
        env.put("PROXY_BIND_IP", "127.0.0.1");
        env.put("PROXY_PORT", Integer.toString(proxy));
        return pb.start();
    }

    /** A loopback source address other than 127.0.0.1, so each attacker counts as its own peer. */
    private static InetAddress source(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + n / 250), (byte) (1 + n % 250)});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Socket connect(int port, InetAddress from) throws IOException {
        Socket s = Peers.connect(from, port);
        sockets.add(s);
        return s;
    }

    /** Sends the start of a request and then nothing, keeping the connection open. */
    private Socket open(int port, InetAddress from, String start) throws IOException {
        Socket s = connect(port, from);
        s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** One 8 MiB body (the largest allowed); returns the status or -1 when the connection failed. */
    private int upload(int port, InetAddress from) {
        try {
            Socket s = connect(port, from);
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + (8 * MIB) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 8 * MIB / chunk.length; i++) {
                out.write(chunk);
            }
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return line == null ? -1 : Integer.parseInt(line.split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean closedByPeer(Socket s) {
        try {
            s.setSoTimeout(50);
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private String statusLine(int port, InetAddress from, String request) throws IOException {
        Socket s = connect(port, from);
        s.setSoTimeout(30_000);
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    private void closeAll() {
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
            sockets.clear();
        }
    }

    private static int status(int port, String path) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String holder() {
        Lease lease = admin.leases().inNamespace("default").withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private Instant renewTime() {
        return admin.leases().inNamespace("default").withName(LEASE).get().getSpec().getRenewTime().toInstant();
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("operator.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

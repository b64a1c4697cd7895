package io.netmaker.operator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmaker.operator.config.ApiProxyOptions;
import io.netmaker.operator.config.ProxyLimits;
import io.netmaker.operator.proxy.ApiProxy;
import io.netmaker.operator.testing.Peers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Watches through the API proxy whose clients leave without a word: the proxy must end them within seconds, so the
 * API server sees its watch closed and the peer's permits come back, whether the client closed its socket (FIN) or
 * reset it (RST); and it must leave alone a watch whose client is still there. Each peer has its own loopback
 * address and opens exactly its per-client cap of watches, so its next request getting 429 means its watches hold
 * their permits, and getting 200 means they were given back.
 *
 * <p>The upstream is a small HTTP/1.1 server of its own ({@link WatchApi}): the fabric8 mock API serves watches over
 * WebSocket only (a plain {@code ?watch=true} GET gets 400 there), and the proxy forwards plain HTTP watches.
 */
class AbandonedWatchIT {
    private static final int CAP = 4;
    private static final ProxyLimits LIMITS = new ProxyLimits(64, CAP, 1024 * 1024, Duration.ofMinutes(10),
            Duration.ofSeconds(30));

    private final WatchApi api = new WatchApi();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    AbandonedWatchIT() throws IOException {
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
        api.close();
    }

    @Test
    void watchesWhoseClientLeftEndWithinSecondsAndOpenOnesStay() throws Exception {
        if (!Files.isReadable(Path.of("/proc/net/tcp"))) {
            assertThat(System.getenv("CI")).as("CI runs on Linux, which has /proc/net/tcp").isNotEqualTo("true");
            Assumptions.abort("no /proc/net/tcp (not Linux): the proxy cannot notice clients that left");
        }
        int proxy = startProxy();
        InetAddress closing = peer(1);
        InetAddress resetting = peer(2);
        InetAddress staying = peer(3);

        List<Socket> closed = watches(proxy, closing, "closing");
        List<Socket> reset = watches(proxy, resetting, "resetting");
        List<Socket> open = watches(proxy, staying, "staying");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.open().size() == 3 * CAP);
        for (InetAddress peer : List.of(closing, resetting, staying)) {
            assertThat(status(proxy, peer)).as("every permit of %s is held", peer).isEqualTo("429");
        }

        Instant left = Instant.now();
        for (Socket s : closed) {
            s.close(); // FIN: the proxy's end goes to CLOSE_WAIT
        }
        for (Socket s : reset) {
            s.setSoLinger(true, 0);
            s.close(); // RST: the proxy's end leaves the table
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.open().stream().noneMatch(w -> w.contains("closing") || w.contains("resetting")));
        System.out.printf("abandoned watches: %d closed and %d reset clients, upstream watches closed within %d ms%n",
                closed.size(), reset.size(), Duration.between(left, Instant.now()).toMillis());
        assertThat(api.closed()).hasSize(2 * CAP).allMatch(w -> w.contains("closing") || w.contains("resetting"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(proxy, closing).equals("200")
                && status(proxy, resetting).equals("200"));

        // several scans later the watches whose client stayed still stream, and still hold their permits
        Thread.sleep(5_000);
        assertThat(api.open()).hasSize(CAP).allMatch(w -> w.contains("staying"));
        assertThat(status(proxy, staying)).isEqualTo("429");
        api.sendToAll("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"seen\"}}}\n");
        for (Socket s : open) {
            assertThat(readUntil(s, "}}}\n")).as("an open watch still gets events").contains("\"seen\"");
        }
    }

    private int startProxy() {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + api.port() + "/").withOauthToken("operator-token")
                .withRequestRetryBackoffLimit(0).build()).build();
        closing.add(client);
        ApiProxy proxy = new ApiProxy(ApiProxyOptions.secure(0, "127.0.0.1", "netmaker"), LIMITS, client,
                name -> List.of(), Duration.ofSeconds(1), () -> { });
        closing.add(proxy);
        proxy.start();
        return proxy.address().orElseThrow().getPort();
    }

    /** Opens the peer's whole per-client cap of watches and reads each response's headers, nothing more. */
    private List<Socket> watches(int port, InetAddress from, String name) throws IOException {
        List<Socket> out = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            Socket s = connect(port, from);
            s.getOutputStream().write(("GET /api/v1/namespaces/default/pods?watch=true&labelSelector=peer%3D" + name
                    + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(s, "\r\n\r\n")).startsWith("HTTP/1.1 200");
            out.add(s);
        }
        return out;
    }

    /** The status code of a plain (non-watch) request from the peer. */
    private String status(int port, InetAddress from) throws IOException {
        try (Socket s = connect(port, from)) {
            s.getOutputStream().write("GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return readUntil(s, "\r\n").split(" ")[1];
        }
    }

    /** Reads byte by byte until {@code end} has been read, so nothing after it is consumed. */
    private static String readUntil(Socket s, String end) throws IOException {
        s.setSoTimeout(20_000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try {
            while (!seen.toString(StandardCharsets.US_ASCII).endsWith(end)) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                seen.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing ending with " + end.strip() + " within 20 s; got: " + seen, e);
        }
        return seen.toString(StandardCharsets.US_ASCII);
    }

    private Socket connect(int port, InetAddress from) throws IOException {
        Socket s = Peers.connect(from, port);
        sockets.add(s);
        return s;
    }

    private static InetAddress peer(int n) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 3, (byte) n});
    }

    /**
     * An API server that answers {@code /version} and holds every other request open as a chunked watch stream,
     * noticing at once when the proxy closes it: it reads the connection while it streams, which the JDK server
     * does not.
     */
    private static final class WatchApi implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final Map<String, OutputStream> open = new ConcurrentHashMap<>();
        private final Set<String> closed = ConcurrentHashMap.newKeySet();

        WatchApi() throws IOException {
            threads.submit(() -> {
                while (!server.isClosed()) {
                    Socket s = server.accept();
                    threads.submit(() -> serve(s));
                }
                return null;
            });
        }

        int port() {
            return server.getLocalPort();
        }

        Set<String> open() {
            return Set.copyOf(open.keySet());
        }

        Set<String> closed() {
            return Set.copyOf(closed);
        }

        void sendToAll(String event) throws IOException {
            byte[] data = event.getBytes(StandardCharsets.UTF_8);
            for (OutputStream out : open.values()) {
                out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(data);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }

        private Void serve(Socket s) throws IOException {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (String request = readRequest(in); request != null; request = readRequest(in)) {
                    if (request.startsWith("GET /version")) {
                        byte[] body = "{\"major\":\"1\",\"minor\":\"30\"}".getBytes(StandardCharsets.US_ASCII);
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                        continue;
                    }
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    open.put(request, out);
                    try {
                        while (in.read() >= 0) {
                            // a watch request has no body: anything read here is noise until the close
                        }
                    } catch (IOException e) {
                        // reset: closed as well
                    }
                    open.remove(request);
                    closed.add(request);
                    return null;
                }
            }
            return null;
        }

        /** The request line, after reading through the end of the headers; null at the end of the connection. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }
}

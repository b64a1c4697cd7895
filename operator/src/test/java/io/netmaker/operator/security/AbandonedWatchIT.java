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
import io.netmaker.operator.testing.WatchStreams;
import io.netmaker.testing.Requires;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Watches through the API proxy whose clients leave without a word: the proxy must end them within seconds, so the
 * API server sees its watch closed and the peer's permits come back, whether the client closed its socket (FIN) or
 * reset it (RST); and it must leave alone a watch whose client is still there. Each peer has its own loopback
 * address and opens exactly its per-client cap of watches, so its next request getting 429 means its watches hold
 * their permits, and getting 200 means they were given back.
 *
 * <p>The upstream is {@link WatchStreams}, which reads each watch connection while it streams, so it sees the proxy
 * close it.
 */
class AbandonedWatchIT {
    private static final int CAP = 4;
    private static final ProxyLimits LIMITS = new ProxyLimits(64, CAP, 1024 * 1024, Duration.ofMinutes(10),
            Duration.ofSeconds(30));

    private final WatchStreams api = WatchStreams.alone();
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
        Requires.that(Files.isReadable(Path.of("/proc/net/tcp")),
                "no /proc/net/tcp (not Linux): the proxy cannot notice clients that left");
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

        // for several scans the watches whose client stayed still stream, and still hold their permits
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.open().size() == CAP && api.open().stream().allMatch(w -> w.contains("staying")));
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

    private static String readUntil(Socket s, String end) throws IOException {
        return Peers.readUntil(s, end, Duration.ofSeconds(20));
    }

    private Socket connect(int port, InetAddress from) throws IOException {
        Socket s = Peers.connect(from, port);
        sockets.add(s);
        return s;
    }

    private static InetAddress peer(int n) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 3, (byte) n});
    }
}

package io.netmaker.operator.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 API server on loopback that holds every plain HTTP watch ({@code GET ...?watch=true} without an
 * {@code Upgrade}) open as a chunked stream, as the kube-apiserver does, and notices at once when its client closes
 * it: it reads the connection while it streams, which the JDK server does not. Events go out only when a test sends
 * them ({@link #sendToAll}).
 *
 * <p>The fabric8 mock API serves watches over WebSocket only (a plain HTTP watch gets 400 there), so in front of it
 * ({@link #before}) every other connection is relayed to the mock byte for byte: WebSocket upgrades (the informers'
 * watches) as they are, anything else with {@code Connection: close}, so each relayed connection carries one request
 * and a later watch never rides a relayed connection. {@link #alone} answers {@code GET /version} itself instead.
 */
public final class WatchStreams implements AutoCloseable {
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "upgrade",
            "http2-settings");

    private final InetSocketAddress upstream;
    private final ServerSocket server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Map<String, OutputStream> open = new ConcurrentHashMap<>();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final AtomicInteger watchCount = new AtomicInteger();

    private WatchStreams(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        threads.submit(() -> {
            while (!server.isClosed()) {
                Socket s = server.accept();
                sockets.add(s);
                threads.submit(() -> serve(s));
            }
            return null;
        });
    }

    /** Streams watches and relays everything else to the API server at {@code url} (plain HTTP). */
    public static WatchStreams before(String url) throws IOException {
        URI uri = URI.create(url);
        return new WatchStreams(new InetSocketAddress(uri.getHost(), uri.getPort()));
    }

    /** Streams watches and answers {@code GET /version}; anything else is 404. */
    public static WatchStreams alone() throws IOException {
        return new WatchStreams(null);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The request lines of the watches streaming now; each carries a sequence number, so repeats stay apart. */
    public Set<String> open() {
        return Set.copyOf(open.keySet());
    }

    /** The request lines of the watches whose connection was closed (by the client, or the proxy for it). */
    public Set<String> closed() {
        return Set.copyOf(closed);
    }

    /** The most watches that were streaming at one time. */
    public int mostOpen() {
        return mostOpen.get();
    }

    /** Sends one chunk to every open watch; a watch whose connection fails is skipped (its reader sees it close). */
    public void sendToAll(String event) {
        byte[] data = event.getBytes(StandardCharsets.UTF_8);
        for (OutputStream out : open.values()) {
            try {
                synchronized (out) {
                    out.write((Integer.toHexString(data.length)).getBytes(StandardCharsets.US_ASCII));
                    out.write(CRLF);
                    out.write(data);
                    out.write(CRLF);
                    out.flush();
                }
            } catch (IOException e) {
                // closing: its reader records it
            }
        }
    }

    private Void serve(Socket s) throws IOException {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (byte[] head = readHead(in); head != null; head = readHead(in)) {
                List<String> lines = List.of(new String(head, StandardCharsets.ISO_8859_1).split("\r\n"));
                String[] requestLine = lines.get(0).split(" ");
                boolean upgrade = lines.stream().skip(1).anyMatch(h -> name(h).equals("upgrade"));
                if (requestLine[0].equals("GET") && watch(requestLine[1]) && !upgrade) {
                    stream(lines.get(0), in, out);
                    return null;
                }
                if (upstream != null) {
                    relay(s, lines, upgrade);
                    return null;
                }
                answer(out, requestLine[1]);
            }
        } finally {
            sockets.remove(s);
        }
        return null;
    }

    private void stream(String requestLine, InputStream in, OutputStream out) throws IOException {
        String key = requestLine + " #" + watchCount.incrementAndGet();
        synchronized (out) {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        open.put(key, out);
        mostOpen.accumulateAndGet(open.size(), Math::max);
        try {
            while (in.read() >= 0) {
                // a watch request has no body: anything read here is noise until the close
            }
        } catch (IOException e) {
            // reset: closed as well
        }
        open.remove(key);
        closed.add(key);
    }

    /** Sends the request on to the upstream and copies both ways until either side closes. */
    private void relay(Socket client, List<String> lines, boolean upgrade) throws IOException {
        StringBuilder head = new StringBuilder(lines.get(0)).append("\r\n");
        for (String h : lines.subList(1, lines.size())) {
            if (upgrade || !HOP_BY_HOP.contains(name(h))) {
                head.append(h).append("\r\n");
            }
        }
        if (!upgrade) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        try (Socket up = new Socket()) {
            sockets.add(up);
            up.connect(upstream, 10_000);
            up.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.getOutputStream().flush();
            threads.submit(() -> copyThenClose(up, client));
            copyThenClose(client, up);
        } finally {
            sockets.remove(client);
        }
    }

    private Void copyThenClose(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side closed: both are closed now
        } finally {
            sockets.remove(from);
            sockets.remove(to);
        }
        return null;
    }

    private static void answer(OutputStream out, String target) throws IOException {
        boolean version = target.equals("/version");
        byte[] body = (version ? "{\"major\":\"1\",\"minor\":\"30\"}" : "404 page not found")
                .getBytes(StandardCharsets.US_ASCII);
        out.write(((version ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found") + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** A watch by its query ({@code watch=true} or {@code watch=1}) or its legacy {@code /watch/} path. */
    static boolean watch(String target) {
        int q = target.indexOf('?');
        if (target.substring(0, q < 0 ? target.length() : q).contains("/watch/")) {
            return true;
        }
        if (q < 0) {
            return false;
        }
        for (String p : target.substring(q + 1).split("&")) {
            if (p.equals("watch=true") || p.equals("watch=1")) {
                return true;
            }
        }
        return false;
    }

    private static String name(String headerLine) {
        int colon = headerLine.indexOf(':');
        return (colon < 0 ? headerLine : headerLine.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The request head without its final empty line, read byte by byte so nothing after it is consumed. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        byte[] all = head.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 4);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : new ArrayList<>(sockets)) {
            s.close();
        }
        threads.shutdownNow();
    }
}

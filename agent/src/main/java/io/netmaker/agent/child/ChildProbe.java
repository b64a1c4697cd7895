package io.netmaker.agent.child;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * One GET of a probe path on the child's loopback probe port; 200 passes. A blocking {@link HttpURLConnection}, not
 * {@code java.net.http.HttpClient}: the latter keeps a selector thread in {@code epoll_wait} for the agent's life,
 * and the JVM's exit waits up to 300 ms for threads in native calls.
 */
public final class ChildProbe {
    private final IntSupplier port;
    private final String path;
    private final Duration timeout;

    public ChildProbe(IntSupplier port, String path, Duration timeout) {
        this.port = port;
        this.path = path;
        this.timeout = timeout;
    }

    /** Null when the child answered 200, else why not (no child text: it ends up on a public endpoint). */
    public String failure() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        HttpURLConnection c = null;
        try {
            c = connect(port.getAsInt(), path, timeout);
            int status = c.getResponseCode();
            return status == 200 ? null : "child " + path + " answered " + status;
        } catch (IOException | IllegalArgumentException e) {
            return "child " + path + " unreachable: " + e.getClass().getSimpleName();
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /** An unopened GET of {@code path} on the child's loopback {@code port}, bounded by {@code timeout}. */
    public static HttpURLConnection connect(int port, String path, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        int millis = (int) Math.max(1, timeout.toMillis());
        c.setConnectTimeout(millis);
        c.setReadTimeout(millis);
        c.setUseCaches(false);
        return c;
    }
}

package io.netmaker.agent.child;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntSupplier;

/** One GET of a probe path on the child's loopback probe port; 200 passes. */
public final class ChildProbe {
    private final IntSupplier port;
    private final String path;
    private final Duration timeout;
    private volatile HttpClient client;

    public ChildProbe(IntSupplier port, String path, Duration timeout) {
        this.port = port;
        this.path = path;
        this.timeout = timeout;
    }

    /** Null when the child answered 200, else why not (no child text: it ends up on a public endpoint). */
    public String failure() throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port.getAsInt() + path);
        HttpResponse<Void> response;
        try {
            response = client().send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return "child " + path + " unreachable: " + e.getClass().getSimpleName();
        }
        return response.statusCode() == 200 ? null : "child " + path + " answered " + response.statusCode();
    }

    /** Built on first use: the client starts a thread and loads many classes; the child's start must not wait. */
    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                            .build();
                }
                c = client;
            }
        }
        return c;
    }
}

package io.netmaker.agent.http;

import io.netmaker.healthz.Checker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntSupplier;

/** Readiness of the child itself: GET {@code http://127.0.0.1:<childProbePort>/readyz} must answer 200. */
public final class ChildReadyCheck implements Checker {
    private final IntSupplier port;
    private final Duration timeout;
    private volatile HttpClient client;

    public ChildReadyCheck(IntSupplier port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public void check() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port.getAsInt() + "/readyz");
        HttpResponse<Void> response;
        try {
            response = client().send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("child readiness endpoint unreachable: " + e.getClass().getSimpleName());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("child readiness answered " + response.statusCode());
        }
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

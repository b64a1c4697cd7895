package io.netmaker.e2e.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Short-timeout HTTP GETs on loopback: what {@code curl} against an agent's health port would show. */
public final class HttpProbe {
    /** A response; {@code code} is 0 when nothing answered. */
    public record Result(int code, String body) {
        public boolean ok() {
            return code == 200;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(500))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private HttpProbe() {}

    public static Result get(String host, int port, String path) {
        return get(URI.create("http://" + host + ":" + port + path));
    }

    public static Result get(URI uri) {
        return get(uri, Duration.ofSeconds(2));
    }

    /** GET with a response timeout: a stopped (SIGSTOP) server answers nothing within it. */
    public static Result get(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Result(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Result(0, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, "interrupted");
        }
    }

    public static Optional<String> body(String host, int port, String path) {
        Result r = get(host, port, path);
        return r.ok() ? Optional.of(r.body()) : Optional.empty();
    }
}

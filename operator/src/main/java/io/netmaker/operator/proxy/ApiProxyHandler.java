package io.netmaker.operator.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Go operator's routes: {@code /api}, {@code /apis}, {@code /version} and {@code /metrics} go to the API server
 * with the operator's own credentials (the fabric8 client's auth and TLS); {@code /health} and {@code /ready} are
 * answered here; anything else is 404. Responses are streamed and flushed as they arrive, so watches work.
 */
final class ApiProxyHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiProxyHandler.class);
    /** The kube-apiserver refuses bodies above 3 MiB; this only bounds memory. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** Hop-by-hop headers, headers the client recomputes, and those that would change whose credentials are used. */
    private static final Set<String> DROPPED_REQUEST_HEADERS = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "authorization");
    private static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of("connection", "keep-alive",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length");

    private final HttpClient http;
    private final String apiServer;

    /** @param apiServer the API server's base URL, e.g. {@code https://10.96.0.1:443} */
    ApiProxyHandler(HttpClient http, String apiServer) {
        this.http = http;
        this.apiServer = apiServer.endsWith("/") ? apiServer.substring(0, apiServer.length() - 1) : apiServer;
    }

    static boolean forwarded(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/apis") || path.startsWith("/apis/")
                || path.equals("/version") || path.equals("/metrics");
    }

    /** SPDY and WebSocket upgrades need a tunnel; an {@code h2c} offer (the JDK client's) is simply not taken up. */
    private static boolean streamUpgrade(String upgrade) {
        return upgrade != null && !upgrade.isBlank() && !upgrade.trim().equalsIgnoreCase("h2c");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            String method = exchange.getRequestMethod();
            boolean read = method.equals("GET") || method.equals("HEAD");
            if (read && path.equals("/health")) {
                json(exchange, "{\"status\":\"healthy\",\"proxy\":\"k8s-api-proxy\"}");
            } else if (read && path.equals("/ready")) {
                json(exchange, "{\"status\":\"ready\",\"proxy\":\"k8s-api-proxy\"}");
            } else if (!forwarded(path) || !uri.normalize().getRawPath().equals(path)) {
                text(exchange, 404, "404 page not found");
            } else if (streamUpgrade(exchange.getRequestHeaders().getFirst("Upgrade"))) {
                text(exchange, 501, "connection upgrades (kubectl exec, attach, port-forward) are not supported "
                        + "by this proxy");
            } else {
                forward(exchange, method, uri);
            }
        } catch (RuntimeException e) {
            LOG.error("api proxy request failed method={} path={} error={}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e.toString());
            if (exchange.getResponseCode() == -1) { // else the status is out: closing the exchange is all that is left
                text(exchange, 500, "proxy error");
            }
        }
    }

    private void forward(HttpExchange exchange, String method, URI uri) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            text(exchange, 413, "request body larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        String target = apiServer + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request = http.newHttpRequestBuilder().uri(target).forStreaming();
        Headers headers = exchange.getRequestHeaders();
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!DROPPED_REQUEST_HEADERS.contains(name) && !name.startsWith("impersonate-")
                    && !name.equals("content-type")) {
                h.getValue().forEach(v -> request.header(h.getKey(), v));
            }
        }
        if (!method.equals("GET") || body.length > 0) {
            request.method(method, headers.getFirst("Content-Type"), new ByteArrayInputStream(body), (long) body.length);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.sendAsync(request.build(), InputStream.class).get();
        } catch (ExecutionException e) {
            LOG.error("api proxy upstream error method={} path={} error={}", method, uri.getRawPath(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            text(exchange, 502, "upstream error");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text(exchange, 503, "proxy stopping");
            return;
        }
        // one line per request, as the Go proxy logs: who used the operator's credentials for what
        LOG.info("api proxy request client={} method={} path={} status={}",
                exchange.getRemoteAddress().getAddress().getHostAddress(), method, uri.getRawPath(), response.code());
        try (InputStream in = response.body()) {
            response.headers().forEach((name, values) -> {
                if (!DROPPED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            int code = response.code();
            boolean bodyless = method.equals("HEAD") || code == 204 || code == 304;
            exchange.sendResponseHeaders(code, bodyless ? -1 : 0);
            if (!bodyless && in != null) {
                copyFlushing(in, exchange.getResponseBody());
            }
        }
    }

    /** Flushes after every read so watch events and log lines reach the client as they come. */
    private static void copyFlushing(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        send(exchange, 200, "application/json; charset=utf-8", body);
    }

    private static void text(HttpExchange exchange, int code, String body) throws IOException {
        send(exchange, code, "text/plain; charset=utf-8", body);
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            exchange.getResponseBody().write(bytes);
        }
    }
}

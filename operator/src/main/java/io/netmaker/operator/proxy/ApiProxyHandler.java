package io.netmaker.operator.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.netmaker.operator.config.ProxyIdentity;
import io.netmaker.operator.config.ProxyLimits;
import io.netmaker.operator.config.ProxyMode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Go operator's routes: {@code /api}, {@code /apis}, {@code /version} and {@code /metrics} go to the API server
 * with the operator's TLS and token; {@code /health} and {@code /ready} are answered here; anything else is 404.
 *
 * <p>In {@code auth} mode every forwarded request impersonates the caller's configured identity, so the API server
 * authorizes the peer and not the operator; in {@code noauth} mode it carries the operator's own permissions. The
 * caller's credentials and identity headers never pass ({@link ForwardedHeaders}). Bodies are streamed both ways
 * (never buffered), bounded by {@link ProxyLimits}; responses are flushed as they arrive, so watches work.
 */
final class ApiProxyHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiProxyHandler.class);

    private final HttpClient http;
    private final String apiServer;
    private final ProxyMode mode;
    private final ProxyIdentity.Mapping identities;
    private final ProxyLimits limits;
    private final Semaphore inFlight;
    private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final ClientGoneWatch clientGone;

    /** @param apiServer the API server's base URL, e.g. {@code https://10.96.0.1:443} */
    ApiProxyHandler(HttpClient http, String apiServer, ProxyMode mode, ProxyIdentity.Mapping identities,
            ProxyLimits limits, ClientGoneWatch clientGone) {
        this.http = http;
        this.clientGone = clientGone;
        this.apiServer = apiServer.endsWith("/") ? apiServer.substring(0, apiServer.length() - 1) : apiServer;
        this.mode = mode;
        this.identities = identities;
        this.limits = limits;
        this.inFlight = new Semaphore(limits.maxInFlight());
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
            } else if (declaredLength(exchange) > limits.maxBodyBytes()) {
                tooLarge(exchange);
            } else if (read && (declaredLength(exchange) > 0
                    || exchange.getRequestHeaders().containsKey("Transfer-Encoding"))) {
                // an unread body would keep the request "being read" until the read timeout closes the connection
                text(exchange, 400, method + " requests carry no body");
            } else {
                admitted(exchange, method, uri);
            }
        } catch (RuntimeException e) {
            LOG.error("api proxy request failed method={} path={} error={}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e.toString());
            if (exchange.getResponseCode() == -1) { // else the status is out: closing the exchange is all that is left
                text(exchange, 500, "proxy error");
            }
        }
    }

    /** The global cap first, then the per-address cap, so one peer cannot take every permit. */
    private void admitted(HttpExchange exchange, String method, URI uri) throws IOException {
        String client = exchange.getRemoteAddress().getAddress().getHostAddress();
        if (!inFlight.tryAcquire()) {
            text(exchange, 503, "too many concurrent proxied requests (" + limits.maxInFlight() + "), retry later");
            return;
        }
        AtomicInteger mine = perClient.computeIfAbsent(client, k -> new AtomicInteger());
        try {
            if (mine.incrementAndGet() > limits.maxPerClient()) {
                text(exchange, 429, "too many concurrent proxied requests from " + client + " ("
                        + limits.maxPerClient() + "), retry later");
                return;
            }
            forward(exchange, method, uri, client);
        } finally {
            if (mine.decrementAndGet() == 0) {
                perClient.remove(client, mine);
            }
            inFlight.release();
        }
    }

    private void forward(HttpExchange exchange, String method, URI uri, String client) throws IOException {
        ProxyIdentity identity = mode == ProxyMode.AUTH ? identities.forPeer(client) : null;
        String target = apiServer + uri.getRawPath() + WatchQuery.bounded(uri.getRawQuery(), uri.getRawPath(),
                limits.maxWatch());
        HttpRequest.Builder request = http.newHttpRequestBuilder().uri(target).forStreaming();
        ForwardedHeaders.of(exchange.getRequestHeaders(), identity)
                .forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        LimitedInputStream body = null;
        if (!method.equals("GET") && !method.equals("HEAD")) {
            long declared = declaredLength(exchange);
            body = new LimitedInputStream(exchange.getRequestBody(), limits.maxBodyBytes());
            request.method(method, exchange.getRequestHeaders().getFirst("Content-Type"), body,
                    declared >= 0 ? declared : -1L);
        } else if (method.equals("HEAD")) {
            request.method("HEAD", null, InputStream.nullInputStream(), 0L);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.sendAsync(request.build(), InputStream.class).get();
        } catch (ExecutionException e) {
            if (body != null && body.exceeded) {
                tooLarge(exchange);
                return;
            }
            LOG.error("api proxy upstream error method={} path={} error={}", method, uri.getRawPath(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            text(exchange, 502, "upstream error");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text(exchange, 503, "proxy stopping");
            return;
        }
        // one line per request, as the Go proxy logs: who did what, as whom
        LOG.info("api proxy request client={} method={} path={} status={} mode={} user={}", client, method,
                uri.getRawPath(), response.code(), mode.value(), identity == null ? "-" : identity.user());
        InputStream in = response.body() == null ? InputStream.nullInputStream() : response.body();
        try (in; ClientGoneWatch.Registration watched = clientGone.register(exchange, in)) {
            response.headers().forEach((name, values) -> {
                if (!ForwardedHeaders.DROPPED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, new ArrayList<>(values));
                }
            });
            int code = response.code();
            boolean bodyless = method.equals("HEAD") || code == 204 || code == 304;
            exchange.sendResponseHeaders(code, bodyless ? -1 : 0);
            if (!bodyless) {
                // an idle client that went away is noticed by the watch, which closes the upstream stream (the
                // watch); one that goes away while events flow fails the next write, which closes it too
                try {
                    copyFlushing(in, exchange.getResponseBody());
                } catch (IOException e) {
                    if (!watched.ended()) {
                        throw e;
                    }
                }
            }
        }
    }

    /** The request's Content-Length, or -1 when absent (chunked or none); an unparsable one counts as too large. */
    private static long declaredLength(HttpExchange exchange) {
        String text = exchange.getRequestHeaders().getFirst("Content-Length");
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void tooLarge(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Connection", "close"); // the unread body is not drained
        text(exchange, 413, "request body larger than " + limits.maxBodyBytes() + " bytes");
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

    /** Passes a body through until it exceeds the limit, then fails the upload. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;
        private volatile boolean exceeded;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
                if (read > limit) {
                    exceeded = true;
                    throw new IOException("request body larger than " + limit + " bytes");
                }
            }
            return n;
        }
    }
}

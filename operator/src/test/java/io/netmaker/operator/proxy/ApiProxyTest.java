package io.netmaker.operator.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmaker.operator.config.ApiProxyOptions;
import io.netmaker.operator.config.ProxyIdentity;
import io.netmaker.operator.config.ProxyLimits;
import io.netmaker.operator.config.ProxyMode;
import io.netmaker.operator.testing.LocalAddresses;
import io.netmaker.testing.MockApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiProxyTest {
    private static final Duration RETRY = Duration.ofMillis(50);

    private final MockApi api = new MockApi();
    private final KubernetesClient client = api.defaultClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
        client.close();
        api.close();
    }

    private ApiProxy start(ApiProxyOptions options, KubernetesClient upstream, InterfaceAddresses interfaces,
            Runnable onPortInUse) {
        ApiProxy proxy = new ApiProxy(options, upstream, interfaces, RETRY, onPortInUse);
        closing.add(proxy);
        proxy.start();
        return proxy;
    }

    private ApiProxy onLoopback(KubernetesClient upstream) {
        ApiProxy proxy = start(ApiProxyOptions.secure(0, "127.0.0.1", "netmaker"), upstream, name -> List.of(), () -> { });
        assertThat(proxy.address()).isPresent();
        return proxy;
    }

    private HttpResponse<String> send(ApiProxy proxy, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + proxy.address().orElseThrow().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getAndPostGoThroughToTheApiServer() throws Exception {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().addToData("k", "v").build()).create();
        ApiProxy proxy = onLoopback(client);

        HttpResponse<String> got = send(proxy, "GET", "/api/v1/namespaces/default/configmaps/settings", null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).contains("\"name\":\"settings\"").contains("\"k\":\"v\"");

        HttpResponse<String> created = send(proxy, "POST", "/api/v1/namespaces/default/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"posted\"},\"data\":{\"a\":\"b\"}}",
                "Content-Type", "application/json");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(client.configMaps().inNamespace("default").withName("posted").get().getData()).containsEntry("a", "b");

        assertThat(send(proxy, "GET", "/api/v1/namespaces/default/configmaps/missing", null).statusCode())
                .isEqualTo(404);
        assertThat(send(proxy, "DELETE", "/api/v1/namespaces/default/configmaps/posted", null).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.configMaps().inNamespace("default").withName("posted").get() == null);
    }

    @Test
    void healthAndReadyAreLocalAndUnknownPathsAre404() throws Exception {
        ApiProxy proxy = onLoopback(client);
        HttpResponse<String> health = send(proxy, "GET", "/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"healthy\",\"proxy\":\"k8s-api-proxy\"}");
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(send(proxy, "GET", "/ready", null).body()).isEqualTo("{\"status\":\"ready\",\"proxy\":\"k8s-api-proxy\"}");
        assertThat(send(proxy, "GET", "/healthz", null).statusCode()).isEqualTo(404);
        assertThat(send(proxy, "GET", "/", null).statusCode()).isEqualTo(404);
        assertThat(send(proxy, "GET", "/apix/v1", null).statusCode()).isEqualTo(404);
        assertThat(send(proxy, "GET", "/api/../healthz", null).statusCode()).isEqualTo(404);
        assertThat(rawStatusLine(proxy, "POST /api/v1/namespaces/default/pods/p/exec?command=sh HTTP/1.1\r\n"
                + "Host: x\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n\r\n"))
                .isEqualTo("HTTP/1.1 501 Not Implemented");
        assertThat(ApiProxyHandler.forwarded("/api")).isTrue();
        assertThat(ApiProxyHandler.forwarded("/apis/apps/v1")).isTrue();
        assertThat(ApiProxyHandler.forwarded("/version")).isTrue();
        assertThat(ApiProxyHandler.forwarded("/metrics")).isTrue();
        assertThat(ApiProxyHandler.forwarded("/metricsx")).isFalse();
    }

    @Test
    void usesTheOperatorsCredentialsAndStreamsWatches() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        CountDownLatch secondEvent = new CountDownLatch(1);
        HttpServer upstream = upstream();
        upstream.createContext("/", exchange -> {
            exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.get(0)));
            seen.put("query", String.valueOf(exchange.getRequestURI().getRawQuery()));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"type\":\"ADDED\"}\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                secondEvent.await(10, TimeUnit.SECONDS);
                out.write("{\"type\":\"MODIFIED\"}\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ApiProxy proxy = onLoopback(clientOf(upstream));

        URI watch = URI.create("http://127.0.0.1:" + proxy.address().orElseThrow().getPort()
                + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1");
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(watch)
                .header("Authorization", "Bearer client-token").header("Impersonate-User", "admin").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // the first event arrives while the upstream still holds the second one back
            assertThat(lines.readLine()).isEqualTo("{\"type\":\"ADDED\"}");
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> readLine(lines));
            // past the upstream client's 1 s request timeout the stream stays open: no line, no end
            await("the watch stays open past the request timeout").during(Duration.ofMillis(1200))
                    .atMost(Duration.ofSeconds(10)).until(() -> !next.isDone());
            secondEvent.countDown();
            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"MODIFIED\"}");
            assertThat(lines.readLine()).isNull();
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen).containsEntry("authorization", "Bearer operator-token")
                .containsEntry("query", "watch=true&resourceVersion=1&timeoutSeconds=600")
                .containsEntry("impersonate-user", "wireguard-peer");
    }

    private static String readLine(BufferedReader lines) {
        try {
            return lines.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every header the upstream saw, all values, names in lower case. */
    private Map<String, List<String>> recordingUpstream(HttpServer upstream) {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        upstream.createContext("/", exchange -> {
            seen.clear();
            exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), List.copyOf(v)));
            seen.put(":query", List.of(String.valueOf(exchange.getRequestURI().getRawQuery())));
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.put(":body-length", List.of(Integer.toString(body.length)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        return seen;
    }

    private static final String[] HOSTILE_HEADERS = {
        "Authorization", "Bearer stolen-admin-token",
        "Impersonate-User", "system:admin",
        "Impersonate-Group", "system:masters",
        "Impersonate-Uid", "0",
        "Impersonate-Extra-scopes", "all",
        "X-Remote-User", "system:admin",
        "X-Remote-Group", "system:masters",
        "X-Remote-Extra-Scopes", "all",
        "Proxy-Authorization", "Basic eDp5",
    };

    @Test
    void authModeImpersonatesTheConfiguredIdentityAndDropsEveryCallerIdentity() throws Exception {
        HttpServer upstream = upstream();
        Map<String, List<String>> seen = recordingUpstream(upstream);
        ApiProxy proxy = onLoopback(clientOf(upstream));

        for (String method : List.of("GET", "POST", "DELETE", "PATCH")) {
            HttpResponse<String> r = send(proxy, method, "/api/v1/namespaces/netmaker/pods",
                    method.equals("GET") ? null : "{}", HOSTILE_HEADERS);
            assertThat(r.statusCode()).as(method).isEqualTo(200);
            assertThat(seen.get("authorization")).as(method).containsExactly("Bearer operator-token");
            assertThat(seen.get("impersonate-user")).as(method).containsExactly("wireguard-peer");
            assertThat(seen.get("impersonate-group")).as(method)
                    .containsExactly("system:authenticated", "wireguard-peers");
            assertThat(seen.keySet()).as(method).noneMatch(k -> k.startsWith("x-remote-") || k.equals("impersonate-uid")
                    || k.startsWith("impersonate-extra-") || k.equals("proxy-authorization"));
        }
    }

    @Test
    void aMappedPeerGetsItsOwnIdentityAndNoauthSendsNoImpersonationAtAll() throws Exception {
        HttpServer upstream = upstream();
        Map<String, List<String>> seen = recordingUpstream(upstream);
        KubernetesClient operatorClient = clientOf(upstream);
        ApiProxyOptions mapped = new ApiProxyOptions(0, "127.0.0.1", "netmaker", ProxyMode.AUTH,
                new ProxyIdentity.Mapping(new ProxyIdentity("peer", List.of("peers")),
                        Map.of("127.0.0.1", new ProxyIdentity("alice", List.of("ops")))));
        ApiProxy auth = start(mapped, operatorClient, name -> List.of(), () -> { });
        assertThat(send(auth, "GET", "/api/v1/pods", null, HOSTILE_HEADERS).statusCode()).isEqualTo(200);
        assertThat(seen.get("impersonate-user")).containsExactly("alice");
        assertThat(seen.get("impersonate-group")).containsExactly("ops");

        ApiProxy noauth = start(mapped.withMode(ProxyMode.NOAUTH), operatorClient, name -> List.of(), () -> { });
        assertThat(send(noauth, "GET", "/api/v1/pods", null, HOSTILE_HEADERS).statusCode()).isEqualTo(200);
        assertThat(seen.get("authorization")).containsExactly("Bearer operator-token");
        assertThat(seen.keySet()).noneMatch(k -> k.startsWith("impersonate-") || k.startsWith("x-remote-"));

        ApiProxy off = start(mapped.withMode(ProxyMode.OFF), operatorClient, name -> List.of(), () -> { });
        assertThat(off.address()).isEmpty();
        off.readiness().check();
    }

    @Test
    void headersNamedInConnectionAreHopByHopAndNeverForwarded() throws Exception {
        HttpServer upstream = upstream();
        Map<String, List<String>> seen = recordingUpstream(upstream);
        ApiProxy proxy = onLoopback(clientOf(upstream));
        assertThat(rawStatusLine(proxy, "GET /api/v1/pods HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close, X-Secret-Hop, Authorization\r\nX-Secret-Hop: 1\r\nX-Kept: yes\r\n\r\n"))
                .isEqualTo("HTTP/1.1 200 OK");
        assertThat(seen).containsKey("x-kept").doesNotContainKeys("x-secret-hop", "connection");
        assertThat(seen.get("authorization")).containsExactly("Bearer operator-token");
    }

    @Test
    void oversizeBodiesGet413StreamedOrDeclaredAndThePerClientCapGives429() throws Exception {
        HttpServer upstream = upstream();
        Map<String, List<String>> seen = recordingUpstream(upstream);
        ProxyLimits small = new ProxyLimits(8, 2, 1024, Duration.ofSeconds(30), Duration.ofSeconds(30));
        ApiProxy proxy = withLimits(small, clientOf(upstream));

        assertThat(send(proxy, "POST", "/api/v1/namespaces/default/configmaps", "x".repeat(1024)).statusCode())
                .isEqualTo(200);
        assertThat(seen.get(":body-length")).containsExactly("1024");
        assertThat(send(proxy, "POST", "/api/v1/namespaces/default/configmaps", "x".repeat(1025)).statusCode())
                .isEqualTo(413);
        // no Content-Length: the limit is counted while streaming
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + proxy.address().orElseThrow().getPort() + "/api/v1/namespaces/default/configmaps"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[4096])))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(rawStatusLine(proxy, "GET /api/v1/pods HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"))
                .isEqualTo("HTTP/1.1 400 Bad Request");
    }

    @Test
    void onePeerGetsNoMoreThanItsShareAndGets429Beyond() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger upstreamNow = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer upstream = holdingUpstream(release, upstreamNow, new java.util.concurrent.atomic.AtomicInteger());
        ProxyLimits limits = new ProxyLimits(8, 3, 1024, Duration.ofMinutes(1), Duration.ofSeconds(30));
        ApiProxy proxy = withLimits(limits, clientOf(upstream));
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + proxy.address().orElseThrow().getPort() + "/api/v1/pods?i=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> upstreamNow.get() == 3);
        assertThat(send(proxy, "GET", "/api/v1/one-more", null).statusCode()).isEqualTo(429);
        release.countDown();
        for (var f : held) {
            assertThat(f.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(send(proxy, "GET", "/api/v1/again", null).statusCode()).isEqualTo(200);
    }

    @Test
    void watchesAreBoundedInTime() {
        Duration max = Duration.ofMinutes(10);
        assertThat(WatchQuery.bounded("watch=true", "/api/v1/pods", max)).isEqualTo("?watch=true&timeoutSeconds=600");
        assertThat(WatchQuery.bounded("watch=1&timeoutSeconds=30", "/api/v1/pods", max))
                .isEqualTo("?watch=1&timeoutSeconds=30");
        assertThat(WatchQuery.bounded("watch=true&timeoutSeconds=86400", "/api/v1/pods", max))
                .isEqualTo("?watch=true&timeoutSeconds=600");
        assertThat(WatchQuery.bounded(null, "/api/v1/watch/pods", max)).isEqualTo("?timeoutSeconds=600");
        assertThat(WatchQuery.bounded("limit=5", "/api/v1/pods", max)).isEqualTo("?limit=5");
        assertThat(WatchQuery.bounded(null, "/version", max)).isEmpty();
    }

    @Test
    void moreConcurrentRequestsThanTheLimitAreAnswered503AndTheRestComplete() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger upstreamMax = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger upstreamNow = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer upstream = holdingUpstream(release, upstreamNow, upstreamMax);
        // the operator's client keeps fabric8's defaults (5 per host): the proxy must not be bound by them
        KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + upstream.getAddress().getPort() + "/")
                .withRequestTimeout(30_000).withRequestRetryBackoffLimit(0).build()).build();
        closing.add(operatorClient);
        ProxyLimits limits = new ProxyLimits(ProxyLimits.DEFAULT.maxInFlight(), ProxyLimits.DEFAULT.maxInFlight(),
                1024, Duration.ofMinutes(1), Duration.ofSeconds(30));
        ApiProxy proxy = withLimits(limits, operatorClient);

        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < ProxyLimits.DEFAULT.maxInFlight(); i++) {
            held.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + proxy.address().orElseThrow().getPort() + "/api/v1/pods?i=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> upstreamNow.get() == ProxyLimits.DEFAULT.maxInFlight());
        assertThat(send(proxy, "GET", "/api/v1/one-more", null).statusCode()).isEqualTo(503);
        assertThat(send(proxy, "GET", "/health", null).statusCode()).isEqualTo(200);
        release.countDown();
        for (var f : held) {
            assertThat(f.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(send(proxy, "GET", "/version", null).statusCode()).isEqualTo(200);
        assertThat(upstreamMax.get()).isEqualTo(ProxyLimits.DEFAULT.maxInFlight());
    }

    @Test
    void compressedBodiesPassThroughUnchangedAndAnUnreachableApiServerIs502() throws Exception {
        byte[] plain = "{\"gitVersion\":\"v1.31.0\"}".getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
            gz.write(plain);
        }
        HttpServer upstream = upstream();
        upstream.createContext("/version", exchange -> {
            boolean gzip = String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")).contains("gzip");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (gzip) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            byte[] body = gzip ? zipped.toByteArray() : plain;
            exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
            exchange.getResponseBody().write(exchange.getRequestMethod().equals("HEAD") ? new byte[0] : body);
            exchange.close();
        });
        ApiProxy proxy = onLoopback(clientOf(upstream));
        URI version = URI.create("http://127.0.0.1:" + proxy.address().orElseThrow().getPort() + "/version");

        HttpResponse<byte[]> compressed = http.send(HttpRequest.newBuilder(version).header("Accept-Encoding", "gzip")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(compressed.body()).isEqualTo(zipped.toByteArray());
        assertThat(http.send(HttpRequest.newBuilder(version).build(), HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("{\"gitVersion\":\"v1.31.0\"}");
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(version)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        upstream.stop(0);
        assertThat(http.send(HttpRequest.newBuilder(version).build(), HttpResponse.BodyHandlers.ofString()))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(502))
                .satisfies(r -> assertThat(r.body()).isEqualTo("upstream error"));
    }

    /** An upstream that holds every request until {@code release}, counting those held now and at most. */
    private HttpServer holdingUpstream(CountDownLatch release, java.util.concurrent.atomic.AtomicInteger now,
            java.util.concurrent.atomic.AtomicInteger max) throws IOException {
        HttpServer upstream = upstream();
        upstream.createContext("/", exchange -> {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                release.await(20, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                now.decrementAndGet();
                exchange.close();
            }
        });
        return upstream;
    }

    private ApiProxy withLimits(ProxyLimits limits, KubernetesClient operatorClient) {
        ApiProxy proxy = new ApiProxy(ApiProxyOptions.secure(0, "127.0.0.1", "netmaker"), limits, operatorClient,
                name -> List.of(), RETRY, () -> { });
        closing.add(proxy);
        proxy.start();
        return proxy;
    }

    private HttpServer upstream() throws IOException {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        upstream.start();
        closing.add(() -> upstream.stop(0));
        return upstream;
    }

    /** The operator's client for a plain HTTP upstream, with a token to be injected into forwarded requests. */
    private KubernetesClient clientOf(HttpServer upstream) {
        KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + upstream.getAddress().getPort() + "/")
                .withOauthToken("operator-token").withRequestTimeout(1000).withRequestRetryBackoffLimit(0).build())
                .build();
        closing.add(operatorClient);
        return operatorClient;
    }

    @Test
    void withoutAnInterfaceAddressItDoesNotListenAndBindsOnceTheAddressAppears() throws Exception {
        InetAddress hostAddress = LocalAddresses.nonLoopbackIpv4();
        AtomicReference<List<InetAddress>> addresses = new AtomicReference<>(List.of(InetAddress.getLoopbackAddress()));
        ApiProxy proxy = start(ApiProxyOptions.secure(0, null, "wg-test"), client, name -> {
            assertThat(name).isEqualTo("wg-test");
            return addresses.get();
        }, () -> { });

        assertThat(proxy.address()).isEmpty();
        assertThatThrownBy(() -> proxy.readiness().check())
                .hasMessage("interface wg-test has no IPv4 address; set PROXY_BIND_IP to bind elsewhere");

        addresses.set(List.of(InetAddress.getByName("::1"), InetAddress.getByName("0.0.0.0"), hostAddress));
        await().atMost(Duration.ofSeconds(20)).until(() -> proxy.address().isPresent());
        proxy.readiness().check();
        assertThat(proxy.address().orElseThrow().getAddress()).isEqualTo(hostAddress);
    }

    @Test
    void anExplicitLoopbackBindListensOnLoopbackOnly() throws Exception {
        InetAddress hostAddress = LocalAddresses.nonLoopbackIpv4();
        AtomicBoolean lookedUp = new AtomicBoolean();
        ApiProxy proxy = start(ApiProxyOptions.secure(0, "127.0.0.1", "netmaker"), client, name -> {
            lookedUp.set(true);
            return List.of(hostAddress);
        }, () -> { });
        InetSocketAddress bound = proxy.address().orElseThrow();
        assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(lookedUp).isFalse();
        try (Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(new InetSocketAddress(hostAddress, bound.getPort()), 2000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aPortInUseIsFatalAndNotRetried() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            AtomicBoolean fatal = new AtomicBoolean();
            ApiProxy proxy = start(ApiProxyOptions.secure(taken.getLocalPort(), "127.0.0.1", "netmaker"), client,
                    name -> List.of(), () -> fatal.set(true));
            assertThat(fatal).isTrue();
            assertThat(proxy.address()).isEmpty();
            assertThatThrownBy(() -> proxy.readiness().check()).hasMessageContaining("already in use");
        }
    }

    /** Sends a hand-written request (the JDK client refuses Connection and Upgrade headers). */
    private static String rawStatusLine(ApiProxy proxy, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.address().orElseThrow().getPort())) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}

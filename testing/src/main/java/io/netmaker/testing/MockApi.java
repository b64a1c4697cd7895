package io.netmaker.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fabric8 mock API server in CRUD mode on loopback, started on a free port when constructed. It can be stopped
 * and started again on the same port with the same stored objects, to play an API server outage. As a JUnit
 * extension ({@code @RegisterExtension}) it is closed after each test. Like the kube-apiserver it refuses request
 * bodies over 3 MiB (the mock would otherwise parse any size on its event loop).
 */
public final class MockApi implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    /** Held so the level sticks: the mock server logs every request through java.util.logging. */
    private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    /** The kube-apiserver's request body limit. */
    public static final int API_SERVER_MAX_BODY = 3 * 1024 * 1024;

    private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (request.getBody() != null && request.getBody().size() > API_SERVER_MAX_BODY) {
                return new MockResponse().setResponseCode(413).setBody("request entity too large");
            }
            return super.dispatch(request);
        }
    };
    private final List<KubernetesClient> clients = new ArrayList<>();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private int port;

    public MockApi() {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Serves (again, after {@link #stop()}) on the same port with the same stored objects; no-op while serving. */
    public synchronized MockApi start() {
        if (server == null) {
            server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
            server.init(InetAddress.getLoopbackAddress(), port);
            port = server.getPort();
        }
        return this;
    }

    /** Stops answering: connections are refused until {@link #start()} is called again. */
    public synchronized void stop() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    /** One client shared by the test, made by {@link #newClient()} on first use. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    /**
     * A new client made for outages (closed by {@link #close()}): namespace {@code test}, watches reconnect every
     * 100 ms, 2 s request timeout, no request retries.
     */
    public synchronized KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("test")
                .withWatchReconnectInterval(100)
                .withRequestTimeout(2_000)
                .withConnectionTimeout(1_000)
                .withRequestRetryBackoffLimit(0)
                .build();
        KubernetesClient created = new KubernetesClientBuilder().withConfig(config).build();
        clients.add(created);
        return created;
    }

    /**
     * A new client with the mock server's own defaults (namespace {@code test}, fabric8's retries and timeouts), as a
     * separate process would have: each elector in a test gets its own. The caller closes it (or leaves it to GC).
     */
    public synchronized NamespacedKubernetesClient defaultClient() {
        return server.createClient();
    }

    /** A client like {@code base} but without request retries, for servers answering with errors on purpose. */
    public static KubernetesClient withoutRetries(KubernetesClient base) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(base.getConfiguration())
                .withRequestRetryBackoffLimit(0).withWatchReconnectInterval(100).build()).build();
    }

    /**
     * "METHOD path?query" of every request received since the last call, in order: what a client really asked for
     * (informers included), for checks against RBAC scope.
     */
    public List<String> drainRequests() throws InterruptedException {
        return drainRecorded().stream().map(r -> r.getMethod() + " " + r.getPath()).toList();
    }

    /** Every request received (since the last start) and not yet drained, headers included. */
    public synchronized List<RecordedRequest> drainRecorded() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (var r = server.takeRequest(1, TimeUnit.MILLISECONDS); r != null;
                r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
            out.add(r);
        }
        return out;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    /** A kubeconfig pointing at this server over plain HTTP, namespace {@code default}. */
    public Path writeKubeconfig(Path dir) throws IOException {
        return writeKubeconfig(dir, url());
    }

    /** The same kubeconfig for another server URL, such as a front that relays to this one. */
    public static Path writeKubeconfig(Path dir, String server) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: mock
                    namespace: default
                current-context: mock
                users:
                - name: mock
                  user:
                    token: not-a-secret
                """.formatted(server));
        return file;
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /** Closes the clients made by {@link #client()} and {@link #newClient()} and stops the server. */
    @Override
    public synchronized void close() {
        clients.forEach(KubernetesClient::close);
        clients.clear();
        client = null;
        stop();
    }
}

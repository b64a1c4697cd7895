package io.netmaker.operator.testing;

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
import java.util.HashMap;

/** A fabric8 mock API server in CRUD mode on loopback, with clients and a kubeconfig for child processes. */
public final class MockApi implements AutoCloseable {
    /** Held so the level sticks: the mock server logs every request through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    /** The kube-apiserver's request body limit; the mock would otherwise parse any size on its event loop. */
    public static final int API_SERVER_MAX_BODY = 3 * 1024 * 1024;

    private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    if (request.getBody() != null && request.getBody().size() > API_SERVER_MAX_BODY) {
                        return new MockResponse().setResponseCode(413).setBody("request entity too large");
                    }
                    return super.dispatch(request);
                }
            }, false);

    public MockApi() {
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    /** A new client; each elector in a test gets its own, like separate processes. */
    public NamespacedKubernetesClient client() {
        return server.createClient();
    }

    /**
     * "METHOD path?query" of every request received since the last call, in order: what a client really asked for
     * (informers included), for checks against RBAC scope.
     */
    public java.util.List<String> drainRequests() throws InterruptedException {
        return drainRecorded().stream().map(r -> r.getMethod() + " " + r.getPath()).toList();
    }

    /** Every request received since the last drain, headers included. */
    public java.util.List<RecordedRequest> drainRecorded() throws InterruptedException {
        java.util.List<RecordedRequest> out = new java.util.ArrayList<>();
        for (var r = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS); r != null;
                r = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            out.add(r);
        }
        return out;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
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

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    @Override
    public void close() {
        server.destroy();
    }
}

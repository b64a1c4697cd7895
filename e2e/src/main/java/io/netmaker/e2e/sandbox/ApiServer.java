package io.netmaker.e2e.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's Kubernetes API: the fabric8 mock server in CRUD mode on loopback, with a kubeconfig file for the
 * agents, the operators and {@code kubectl} (which also gets the few discovery documents it needs).
 */
public final class ApiServer implements AutoCloseable {
    /** Held so the level sticks: the mock server logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final Path kubeconfig;
    private final KubernetesClient client;
    private final ScheduledExecutorService drainer;

    private ApiServer(KubernetesMockServer server, Path kubeconfig, KubernetesClient client, ScheduledExecutorService drainer) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.client = client;
        this.drainer = drainer;
    }

    /** Starts the server on 127.0.0.1:{@code port} (0 picks a free port) and writes {@code dir/kubeconfig}. */
    public static ApiServer start(Path dir, int port, String namespace) {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new DiscoveryCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        String url = "http://127.0.0.1:" + server.getPort();
        Path kubeconfig = dir.resolve("kubeconfig");
        try {
            Files.writeString(kubeconfig, Kubeconfig.render(url, namespace));
        } catch (IOException e) {
            server.destroy();
            throw new UncheckedIOException(e);
        }
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Kubeconfig.clientConfig(kubeconfig))
                .build();
        // The mock server records every request for takeRequest(); a long sandbox run would keep them all.
        ScheduledExecutorService drainer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "api-request-drain");
            t.setDaemon(true);
            return t;
        });
        drainer.scheduleWithFixedDelay(() -> drain(server), 5, 5, TimeUnit.SECONDS);
        return new ApiServer(server, kubeconfig, client, drainer);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private static void drain(KubernetesMockServer server) {
        try {
            while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
                // discard
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the server is shutting down
        }
    }

    public int port() {
        return server.getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A client of this API server, owned by it (closed with it). */
    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        drainer.shutdownNow();
        client.close();
        server.destroy();
    }
}

package io.netmaker.agent.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fabric8 mock API server in CRUD mode that can be stopped and started again on the same port with the same
 * stored objects, to play an API server outage. Clients retry watches every 100 ms. As a JUnit extension
 * ({@code @RegisterExtension}) it starts before and closes after each test.
 */
public final class MockApi implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    static {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
    private final List<KubernetesClient> clients = new ArrayList<>();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private int port;

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
        client = newClient();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** The client made for the current test. */
    public KubernetesClient client() {
        return client;
    }

    public MockApi start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        port = server.getPort();
        return this;
    }

    /** Stops answering: connections are refused until {@link #start()} is called again. */
    public void stop() {
        server.destroy();
    }

    /** A client of this server (closed by {@link #close()}). */
    public KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port)
                .withNamespace("test")
                .withWatchReconnectInterval(100)
                .withRequestTimeout(2_000)
                .withConnectionTimeout(1_000)
                .withRequestRetryBackoffLimit(0)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        clients.add(client);
        return client;
    }

    /** A client like {@code base} but without request retries, for servers answering with errors on purpose. */
    public static KubernetesClient withoutRetries(KubernetesClient base) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(base.getConfiguration())
                .withRequestRetryBackoffLimit(0).withWatchReconnectInterval(100).build()).build();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        if (server != null) {
            server.destroy();
        }
    }
}

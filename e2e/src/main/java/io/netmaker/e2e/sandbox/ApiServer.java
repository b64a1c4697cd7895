package io.netmaker.e2e.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.netmaker.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's Kubernetes API: the fabric8 mock server in CRUD mode on loopback, with a kubeconfig file for the
 * agents, the operators and {@code kubectl} (which also gets the few discovery documents it needs).
 */
public final class ApiServer implements KubeApi {
    /** Held so the level sticks: the mock server logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private final DiscoveryCrudDispatcher dispatcher;
    private final InetAddress bind;
    private final int port;
    private volatile KubernetesMockServer server;
    private volatile boolean stopped;
    private final Path kubeconfig;
    private final KubernetesClient client;
    private final ScheduledExecutorService drainer;
    private final RequestRecorder recorder;

    private ApiServer(KubernetesMockServer server, DiscoveryCrudDispatcher dispatcher, InetAddress bind,
            Path kubeconfig, KubernetesClient client, ScheduledExecutorService drainer, RequestRecorder recorder) {
        this.server = server;
        this.bind = bind;
        this.recorder = recorder;
        this.dispatcher = dispatcher;
        this.port = server.getPort();
        this.kubeconfig = kubeconfig;
        this.client = client;
        this.drainer = drainer;
    }

    /** Starts the server on 127.0.0.1:{@code port} (0 picks a free port) and writes {@code dir/kubeconfig}. */
    public static ApiServer start(Path dir, int port, String namespace) {
        return start(dir, InetAddress.getLoopbackAddress(), port, namespace);
    }

    /**
     * Starts the server on {@code bind}:{@code port} (the wildcard address serves network namespaces that reach
     * this host through veth pairs, too) and writes {@code dir/kubeconfig}, which names 127.0.0.1.
     */
    public static ApiServer start(Path dir, InetAddress bind, int port, String namespace) {
        DiscoveryCrudDispatcher dispatcher = new DiscoveryCrudDispatcher();
        KubernetesMockServer server = serve(dispatcher, bind, port);
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
        ScheduledExecutorService drainer = DaemonThreads.scheduled("api-request-drain");
        ApiServer api = new ApiServer(server, dispatcher, bind, kubeconfig, client, drainer,
                new RequestRecorder(namespace));
        drainer.scheduleWithFixedDelay(() -> drain(api.server, api.recorder), 5, 5, TimeUnit.SECONDS);
        return api;
    }

    private static KubernetesMockServer serve(DiscoveryCrudDispatcher dispatcher, InetAddress bind, int port) {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(bind, port);
        return server;
    }

    /** Plays an API server outage: connections are refused until {@link #restart()}; the stored objects are kept. */
    public synchronized void stop() {
        if (!stopped) {
            stopped = true;
            server.destroy();
        }
    }

    /** Serves again on the same port with the same stored objects (after {@link #stop()}). */
    public synchronized void restart() {
        if (stopped) {
            server = serve(dispatcher, bind, port);
            stopped = false;
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** Hands every recorded request to the recorder (which keeps distinct accesses only) and drops it. */
    private static void drain(KubernetesMockServer server, RequestRecorder recorder) {
        try {
            for (var r = server.takeRequest(0, TimeUnit.MILLISECONDS); r != null;
                    r = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
                recorder.record(r.getMethod(), r.getPath() == null ? "" : r.getPath(), r::getHeader,
                        r.getHeaders().headers("Impersonate-Group"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the server is shutting down
        }
    }

    /** What the agents and operators asked for so far (drains pending requests first). */
    public Set<String> recordedAccess() {
        drain(server, recorder);
        return recorder.access();
    }

    @Override
    public String name() {
        return "mock";
    }

    public int port() {
        return port;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A client of this API server, owned by it (closed with it). */
    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        drainer.shutdownNow();
        client.close();
        stop();
    }
}

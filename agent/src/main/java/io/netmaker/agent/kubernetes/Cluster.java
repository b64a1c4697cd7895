package io.netmaker.agent.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netmaker.concurrent.DaemonThreads;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's access to the Kubernetes API, shared by the leader and sidecar parts: one client, made on first use
 * (never on the child's start path), and the one background thread every Kubernetes call, informer start and poll
 * runs on. Parts register the watches they start with {@link #closeWithClient}; {@link #close()} stops them with the
 * client, off the exit path.
 */
public final class Cluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    private final Supplier<KubernetesClient> clientFactory;
    private final ScheduledExecutorService background;
    private final List<AutoCloseable> watches = new CopyOnWriteArrayList<>();
    private KubernetesClient client;

    /**
     * @param clientFactory makes the one client, on first use
     * @param background the thread for Kubernetes calls, informer starts and polls; shut down by {@link #close()}
     */
    private Cluster(Supplier<KubernetesClient> clientFactory, ScheduledExecutorService background) {
        this.clientFactory = clientFactory;
        this.background = background;
    }

    /** A given client factory (tests give their own) and a daemon background thread. */
    public static Cluster of(Supplier<KubernetesClient> clientFactory) {
        return new Cluster(clientFactory, DaemonThreads.scheduled("agent-kubernetes"));
    }

    /** Production: the in-cluster client with the agent's JSON mapping. */
    public static Cluster inCluster() {
        return of(() -> new KubernetesClientBuilder().withKubernetesSerialization(serialization()).build());
    }

    /**
     * The client's JSON mapping (its one ObjectMapper) without fabric8's registry scan, which loads and instantiates
     * every model class listed for its {@code ServiceLoader} when it first decodes a polymorphic field such as a
     * watch event's object (about 200 classes and 1.9 MiB of metaspace, PodSpec and PodStatus among them). The agent
     * decodes by type everywhere; a watch event's object of a kind not registered is decoded as a generic resource
     * and converted to the watched type by fabric8. {@code Status} is registered for the watches' error events
     * (410 Gone makes the informer list again).
     */
    public static KubernetesSerialization serialization() {
        KubernetesSerialization serialization = new KubernetesSerialization(new ObjectMapper(), false);
        serialization.registerKubernetesResource(Status.class);
        return serialization;
    }

    /** The client, made now if this is the first use (may block on the API server's configuration). */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = clientFactory.get();
        }
        return client;
    }

    public ScheduledExecutorService background() {
        return background;
    }

    /** Closed by {@link #close()} before the client, off the exit path. */
    public void closeWithClient(AutoCloseable watch) {
        watches.add(watch);
    }

    /**
     * Closes the watches, the background thread and the client on a daemon thread (callers release the Lease first:
     * that needs the client): informer and client close take hundreds of milliseconds and free only what the process
     * exit frees anyway.
     */
    @Override
    public void close() {
        Thread closer = new Thread(this::closeAll, "kubernetes-close");
        closer.setDaemon(true);
        closer.start();
    }

    private void closeAll() {
        for (AutoCloseable w : watches) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.debug("watch close failed error={}", e.toString());
            }
        }
        background.shutdownNow();
        KubernetesClient c;
        synchronized (this) {
            c = client;
        }
        if (c != null) {
            c.close();
        }
    }
}

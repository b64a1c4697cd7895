package io.netmaker.agent.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netmaker.kubernetes.ObjectEvents;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An informer on one named object (a field selector on its name). It never gives up: every failure is retried with
 * the informer's back-off, and logged once per outage rather than once per attempt. {@link #known()} tells whether
 * the cached object reflects the API server right now. (The operator's {@code Informers.start} is the plain form for
 * controllers: no cached-state tracking, one log line per failed attempt.)
 */
public final class ObjectWatch<T extends HasMetadata> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectWatch.class);

    private final String what;
    private final Consumer<T> onChange;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean wasKnown = new AtomicBoolean();
    private final AtomicReference<KubernetesClientException> lastFailure = new AtomicReference<>();
    private volatile SharedIndexInformer<T> informer;

    /**
     * @param what a short name for logs, e.g. {@code lease=ns/name}
     * @param onChange called on the informer's thread with the object, or null when it is deleted
     */
    public ObjectWatch(String what, Consumer<T> onChange) {
        this.what = what;
        this.onChange = onChange;
    }

    /** Starts the informer without waiting for its first list; the stage completes once it has listed. */
    public CompletionStage<Void> start(Informable<T> source) {
        SharedIndexInformer<T> inf = source.runnableInformer(0);
        inf.exceptionHandler((started, t) -> {
            KubernetesClientException kce = clientException(t);
            if (kce != null) {
                lastFailure.set(kce);
            }
            if (failing.compareAndSet(false, true)) {
                if (kce != null && kce.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                    LOG.warn("watch forbidden (RBAC), retrying with back-off object={}", what);
                } else {
                    LOG.warn("watch failing, retrying with back-off object={} reason={}", what, describe(t));
                }
            }
            return true;
        });
        inf.addEventHandler(ObjectEvents.latest(onChange));
        informer = inf;
        return inf.start();
    }

    /**
     * The cached object; null when absent or not yet listed. Read from the informer's store, which is filled before
     * the handlers run, so right after the first list it already answers whether the object exists.
     */
    public T current() {
        SharedIndexInformer<T> inf = informer;
        if (inf == null) {
            return null;
        }
        List<T> cached = inf.getStore().list();
        return cached.isEmpty() ? null : cached.get(0);
    }

    /**
     * Whether the informer has listed and is watching now (false before start, while the API is unreachable).
     * Logs each change once; the module calls it every second so that outages are logged even unobserved.
     */
    public boolean known() {
        SharedIndexInformer<T> inf = informer;
        boolean watching = inf != null && inf.isRunning() && inf.hasSynced() && inf.isWatching();
        if (watching) {
            failing.set(false);
            lastFailure.set(null);
        }
        if (inf != null && wasKnown.getAndSet(watching) != watching) {
            if (watching) {
                LOG.info("watch live object={}", what);
            } else {
                LOG.warn("watch lost, state unknown until it reconnects object={}", what);
            }
        }
        return watching;
    }

    /** The HTTP code of the failure of the current outage (403 for missing RBAC), or 0. */
    public int failureCode() {
        KubernetesClientException e = lastFailure.get();
        return e == null ? 0 : e.getCode();
    }

    @Override
    public void close() {
        SharedIndexInformer<T> inf = informer;
        if (inf != null) {
            inf.stop();
        }
    }

    private static KubernetesClientException clientException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KubernetesClientException kce && kce.getCode() > 0) {
                return kce;
            }
        }
        return null;
    }

    /** A short description of a client failure: the HTTP status, else the root cause; never a body or token. */
    public static String describe(Throwable t) {
        KubernetesClientException kce = clientException(t);
        if (kce != null) {
            return "HTTP " + kce.getCode() + (kce.getStatus() != null && kce.getStatus().getReason() != null
                    ? " " + kce.getStatus().getReason() : "");
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return root.getClass().getSimpleName() + message;
    }
}

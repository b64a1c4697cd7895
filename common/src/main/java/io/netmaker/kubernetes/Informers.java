package io.netmaker.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts fabric8 informers without waiting for the first list, retrying on errors. Not the agent's
 * {@code ObjectWatch}, on purpose: that one caches one named object and tracks whether its cache is live (the agent
 * reports "unknown" in {@code /readyz} and {@code /status} from it, and logs once per outage); these informers feed
 * controllers' work queues and the election's re-acquire nudge, which need neither. Both pass a one-object informer's
 * events on through the shared {@code io.netmaker.kubernetes.ObjectEvents}; beyond that they share only fabric8's
 * own two calls ({@code exceptionHandler} returning true, {@code start()}).
 */
public final class Informers {
    private static final Logger LOG = LoggerFactory.getLogger(Informers.class);

    private Informers() {
    }

    /** A slow or absent API server never blocks start-up or shutdown; list and watch errors are retried. */
    public static <T extends HasMetadata> SharedIndexInformer<T> start(SharedIndexInformer<T> informer,
            ResourceEventHandler<? super T> handler) {
        informer.addEventHandler(handler);
        informer.exceptionHandler((isStarted, error) -> {
            LOG.warn("informer error, retrying resource={} error={}", informer.getApiTypeClass().getSimpleName(),
                    error.getMessage());
            return true;
        });
        informer.start();
        return informer;
    }
}

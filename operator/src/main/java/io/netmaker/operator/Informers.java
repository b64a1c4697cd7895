package io.netmaker.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts fabric8 informers without waiting for the first list, retrying on errors. */
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

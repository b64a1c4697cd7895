package io.netmaker.operator.controller;

import io.netmaker.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client-go style work queue with one worker: a key is queued at most once, a key re-added while it is
 * being processed runs again afterwards, and a failed key is retried with per-key exponential back-off.
 */
public final class WorkQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

    private final Predicate<String> handler;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final ScheduledExecutorService worker;
    private final Set<String> queued = new HashSet<>();
    private final Set<String> active = new HashSet<>();
    private final Set<String> dirty = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();

    /** @param handler processes one key; returns true when done, false (or throws) to retry with back-off */
    public WorkQueue(String name, Predicate<String> handler, Duration baseDelay, Duration maxDelay) {
        this.handler = handler;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.worker = DaemonThreads.scheduled(name + "-worker");
    }

    public void add(String key) {
        synchronized (this) {
            if (active.contains(key)) {
                dirty.add(key);
                return;
            }
            if (!queued.add(key)) {
                return;
            }
        }
        submit(() -> process(key), Duration.ZERO);
    }

    /** The back-off before retry number {@code failures} (1-based): base x 2^(n-1), capped. */
    public Duration backoff(int failureCount) {
        long factor = 1L << Math.min(failureCount - 1, 30);
        long nanos = baseDelay.toNanos() * factor;
        return nanos <= 0 || nanos > maxDelay.toNanos() ? maxDelay : Duration.ofNanos(nanos);
    }

    public synchronized int failures(String key) {
        return failures.getOrDefault(key, 0);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        DaemonThreads.awaitTermination(worker);
    }

    private void process(String key) {
        synchronized (this) {
            queued.remove(key);
            active.add(key);
        }
        boolean done;
        try {
            done = handler.test(key);
        } catch (RuntimeException e) {
            LOG.warn("reconcile failed key={} error={}", key, e.getMessage());
            done = false;
        }
        boolean again;
        synchronized (this) {
            active.remove(key);
            again = dirty.remove(key);
            if (done) {
                failures.remove(key);
            }
        }
        if (again) {
            add(key);
        } else if (!done) {
            int n;
            synchronized (this) {
                n = failures.merge(key, 1, Integer::sum);
            }
            Duration delay = backoff(n);
            LOG.debug("reconcile retry scheduled key={} attempt={} delay={}", key, n, delay);
            submit(() -> add(key), delay);
        }
    }

    private void submit(Runnable task, Duration delay) {
        if (!worker.isShutdown()) {
            try {
                worker.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // closing
            }
        }
    }
}

package io.netmaker.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes one round of samples every 100 ms and keeps them; a round's probes run in parallel on {@link #probes} and
 * each waits at most 1 s ({@link #within}).
 *
 * @param <R> one round
 */
public abstract class RoundSampler<R> implements AutoCloseable {
    private final long startNanos = System.nanoTime();
    private final List<R> rounds = new ArrayList<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    protected final ExecutorService probes = Executors.newCachedThreadPool();

    /** One round, started {@code atMillis} after the sampler. */
    protected abstract R sample(long atMillis);

    protected void startSampling() {
        clock.scheduleAtFixedRate(() -> {
            R round = sample(elapsedMillis());
            synchronized (rounds) {
                rounds.add(round);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** The answer of {@code probe}, or {@code fallback} when it takes more than 1 s. */
    protected static <T> T within(CompletableFuture<T> probe, T fallback) {
        return probe.completeOnTimeout(fallback, 1, TimeUnit.SECONDS).join();
    }

    /** Milliseconds since the sampler was made, on the rounds' clock. */
    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public List<R> rounds() {
        synchronized (rounds) {
            return List.copyOf(rounds);
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        probes.shutdownNow();
        try {
            clock.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.netmaker.agent.child;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * An answer from the child, reused for up to {@code maxAge}, asked by one caller at a time: however often the
 * agent's endpoints are hit (they listen on every interface), the child sees at most one request in flight and
 * about one per {@code maxAge}. Callers that arrive during a refresh wait for it rather than ask again.
 */
public final class Recent<T> {
    private final Ask<T> ask;
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    private final Object refresh = new Object();
    private volatile Answer<T> last;

    public Recent(Ask<T> ask, LongSupplier nanoTime, Duration maxAge) {
        this.ask = Objects.requireNonNull(ask);
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAge.toNanos();
    }

    public T get() throws InterruptedException {
        Answer<T> a = fresh();
        if (a == null) {
            synchronized (refresh) {
                a = fresh(); // another caller may have refreshed it while this one waited
                if (a == null) {
                    long askedAt = nanoTime.getAsLong();
                    a = new Answer<>(askedAt, ask.get());
                    last = a;
                }
            }
        }
        return a.value();
    }

    private Answer<T> fresh() {
        Answer<T> a = last;
        return a != null && nanoTime.getAsLong() - a.askedAt() < maxAgeNanos ? a : null;
    }

    /** Asks the child; an interrupted ask caches nothing. */
    @FunctionalInterface
    public interface Ask<T> {
        T get() throws InterruptedException;
    }

    private record Answer<T>(long askedAt, T value) {}
}

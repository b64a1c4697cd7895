package io.netmaker.agent.http;

import io.netmaker.agent.child.ChildProbe;
import io.netmaker.healthz.Checker;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Readiness of the child itself: GET {@code http://127.0.0.1:<childProbePort>/readyz} must answer 200. The answer
 * is reused for up to {@link #MAX_AGE}, and only one caller at a time asks the child: however often /readyz is hit
 * (it listens on every interface), the child sees at most one request in flight and about one a second.
 */
public final class ChildReadyCheck implements Checker {
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final ChildProbe probe;
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    private final Object refresh = new Object();
    private volatile Result last;

    public ChildReadyCheck(IntSupplier port, Duration timeout) {
        this(new ChildProbe(port, "/readyz", timeout), System::nanoTime, MAX_AGE);
    }

    ChildReadyCheck(ChildProbe probe, LongSupplier nanoTime, Duration maxAge) {
        this.probe = probe;
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAge.toNanos();
    }

    @Override
    public void check() throws Exception {
        Result r = fresh();
        if (r == null) {
            synchronized (refresh) {
                r = fresh(); // another caller may have refreshed it while this one waited
                if (r == null) {
                    long askedAt = nanoTime.getAsLong();
                    r = new Result(askedAt, probe.failure());
                    last = r;
                }
            }
        }
        if (r.failure() != null) {
            throw new IllegalStateException(r.failure());
        }
    }

    private Result fresh() {
        Result r = last;
        return r != null && nanoTime.getAsLong() - r.askedAt() < maxAgeNanos ? r : null;
    }

    private record Result(long askedAt, String failure) {}
}

package io.netmaker.agent.http;

import io.netmaker.agent.child.ChildProbe;
import io.netmaker.agent.child.Recent;
import io.netmaker.healthz.Checker;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Readiness of the child itself: GET {@code http://127.0.0.1:<childProbePort>/readyz} must answer 200. The answer
 * is reused for up to {@link #MAX_AGE}, and only one caller at a time asks the child ({@link Recent}): however often
 * /readyz is hit (it listens on every interface), the child sees at most one request in flight and about one a
 * second.
 */
public final class ChildReadyCheck implements Checker {
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Recent<Optional<String>> failure;

    public ChildReadyCheck(IntSupplier port, Duration timeout) {
        this(new ChildProbe(port, "/readyz", timeout), System::nanoTime, MAX_AGE);
    }

    ChildReadyCheck(ChildProbe probe, LongSupplier nanoTime, Duration maxAge) {
        this.failure = new Recent<>(() -> Optional.ofNullable(probe.failure()), nanoTime, maxAge);
    }

    @Override
    public void check() throws Exception {
        Optional<String> f = failure.get();
        if (f.isPresent()) {
            throw new IllegalStateException(f.get());
        }
    }
}

package io.netmaker.agent.sidecar;

import io.netmaker.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls one interface on a scheduled executor and reports each change (old state, new state). */
public final class InterfaceMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InterfaceMonitor.class);

    private final String name;
    private final InterfaceLookup lookup;
    private final Duration interval;
    private final BiConsumer<InterfaceState, InterfaceState> onChange;
    private final ScheduledExecutorService executor = DaemonThreads.scheduled("sidecar-interface");
    private volatile InterfaceState current;

    public InterfaceMonitor(String name, InterfaceLookup lookup, Duration interval,
                            BiConsumer<InterfaceState, InterfaceState> onChange) {
        this.name = name;
        this.lookup = lookup;
        this.interval = interval;
        this.onChange = onChange;
    }

    /** Looks once now (on the caller's thread), then every interval. */
    public void start() {
        poll();
        executor.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last state seen; null before the first look. */
    public InterfaceState current() {
        return current;
    }

    synchronized void poll() {
        InterfaceState next;
        try {
            next = lookup.lookup(name);
        } catch (RuntimeException e) {
            LOG.debug("interface lookup failed interface={} reason={}", name, e.toString());
            next = InterfaceState.ABSENT;
        }
        InterfaceState previous = current;
        if (!next.equals(previous)) {
            current = next;
            LOG.info("interface changed interface={} present={} up={} ipv4={}", name, next.present(), next.up(),
                    next.ipv4());
            onChange.accept(previous, next);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

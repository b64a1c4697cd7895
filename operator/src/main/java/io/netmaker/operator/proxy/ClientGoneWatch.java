package io.netmaker.operator.proxy;

import com.sun.net.httpserver.HttpExchange;
import io.netmaker.concurrent.DaemonThreads;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends streamed responses whose client went away. The JDK HTTP server does not read a connection while its exchange
 * is being handled, so a client that closes an idle watch is noticed only at the next write. While any response
 * streams, this reads the kernel's TCP table ({@link TcpTable}) once a period and ends each stream whose connection
 * is in {@code CLOSE_WAIT} (the client sent its FIN) or is gone from the table in two reads in a row (the client
 * reset it; two, because a read of the table is not atomic). Ending closes the upstream body, so the handler's copy
 * stops, the upstream watch is closed and the handler returns its permits. Without the table (not Linux) it does
 * nothing, and such streams end as before: at their next write or at the watch limit.
 */
final class ClientGoneWatch implements AutoCloseable {
    static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ClientGoneWatch.class);
    /** The registration of a stream that is not watched (no table, or the watch closed). */
    static final Registration NONE = () -> false;

    private final List<Path> table;
    private final boolean enabled;
    private final Duration period;
    private final java.util.concurrent.atomic.AtomicLong scans = new java.util.concurrent.atomic.AtomicLong();
    private final ScheduledThreadPoolExecutor scanner = new ScheduledThreadPoolExecutor(1,
            DaemonThreads.factory("api-proxy-client-gone"));
    private final List<Stream> streams = new ArrayList<>();
    private ScheduledFuture<?> task;
    private boolean unreadable;

    ClientGoneWatch(List<Path> table, Duration period) {
        this.table = table;
        this.enabled = TcpTable.available(table);
        this.period = period;
        scanner.setKeepAliveTime(30, TimeUnit.SECONDS);
        scanner.allowCoreThreadTimeOut(true); // no thread while nothing streams
        scanner.setRemoveOnCancelPolicy(true);
    }

    /** A stream registered for as long as its response is copied; closing unregisters it. */
    interface Registration extends AutoCloseable {
        /** Whether it was ended because its client went away. */
        boolean ended();

        @Override
        default void close() {
        }
    }

    /** Says once, at start, whether abandoned streams can be noticed here. */
    void logMode() {
        if (enabled) {
            LOG.info("api proxy ends streams whose client went away table={} every={}", table.get(0),
                    period.toMillis() + "ms");
        } else {
            LOG.info("api proxy cannot notice clients that went away, streams end at their next write or the watch "
                    + "limit reason=\"no {}\" platform={}", table.get(0), System.getProperty("os.name"));
        }
    }

    /** Watches the exchange's connection while its response streams; {@code upstream} is closed if its client goes. */
    Registration register(HttpExchange exchange, Closeable upstream) {
        return register(new TcpTable.Connection(exchange.getLocalAddress(), exchange.getRemoteAddress()),
                exchange.getRequestURI().getRawPath(), upstream);
    }

    Registration register(TcpTable.Connection connection, String path, Closeable upstream) {
        if (!enabled) {
            return NONE;
        }
        Stream s = new Stream(connection, path, upstream);
        synchronized (this) {
            if (scanner.isShutdown()) {
                return NONE;
            }
            streams.add(s);
            if (task == null) {
                task = scanner.scheduleWithFixedDelay(this::scan, period.toMillis(), period.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
        return s;
    }

    private synchronized void unregister(Stream s) {
        streams.remove(s);
        if (streams.isEmpty() && task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** How many scans have finished (read or not), so that a test can wait for some instead of sleeping. */
    long scans() {
        return scans.get();
    }

    private void scan() {
        try {
            scanOnce();
        } finally {
            scans.incrementAndGet();
        }
    }

    private void scanOnce() {
        List<Stream> now;
        synchronized (this) {
            now = List.copyOf(streams);
        }
        Set<Integer> ports = now.stream().map(s -> s.connection.local().getPort()).collect(Collectors.toSet());
        Map<TcpTable.Connection, Integer> states;
        try {
            states = TcpTable.read(table, ports);
        } catch (IOException | RuntimeException e) {
            if (!unreadable) {
                LOG.warn("api proxy cannot read the tcp table, abandoned streams wait for their next write "
                        + "table={} error={}", table.get(0), e.toString());
            }
            unreadable = true;
            return;
        }
        unreadable = false;
        for (Stream s : now) {
            Integer state = states.get(s.connection);
            if (state == null) {
                s.missing++;
            } else {
                s.missing = 0;
            }
            if (state != null && state == TcpTable.CLOSE_WAIT) {
                s.end("client_closed");
            } else if (s.missing >= 2) {
                s.end("connection_gone");
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            streams.clear();
            task = null;
        }
        scanner.shutdownNow();
    }

    private final class Stream implements Registration {
        final TcpTable.Connection connection;
        final String path;
        final Closeable upstream;
        int missing; // only the scanner thread touches it
        volatile boolean ended;

        Stream(TcpTable.Connection connection, String path, Closeable upstream) {
            this.connection = connection;
            this.path = path;
            this.upstream = upstream;
        }

        void end(String reason) {
            if (ended) {
                return;
            }
            ended = true;
            InetSocketAddress client = connection.remote();
            LOG.info("api proxy stream ended, client went away client={} clientPort={} path={} reason={}",
                    client.getAddress().getHostAddress(), client.getPort(), path, reason);
            try {
                upstream.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("api proxy upstream close failed path={} error={}", path, e.toString());
            }
        }

        @Override
        public boolean ended() {
            return ended;
        }

        @Override
        public void close() {
            unregister(this);
        }
    }
}

package io.netmaker.operator.config;

import java.time.Duration;

/**
 * What one API proxy may hold at once. Fixed, not configurable: they bound memory and threads so that no peer can
 * exhaust the operator's small heap, on which leader election also depends.
 *
 * @param maxInFlight     forwarded requests at once (watches included); more get 503
 * @param maxPerClient    forwarded requests at once from one peer address; more get 429
 * @param maxBodyBytes    request body size; larger gets 413 (the kube-apiserver refuses more than 3 MiB)
 * @param maxWatch        longest watch: a longer or unbounded {@code timeoutSeconds} is lowered to this
 * @param requestReadTime time to read a request's headers and body, after which the connection is closed
 */
public record ProxyLimits(int maxInFlight, int maxPerClient, long maxBodyBytes, Duration maxWatch,
        Duration requestReadTime) {
    public static final ProxyLimits DEFAULT = new ProxyLimits(64, 16, 8L * 1024 * 1024, Duration.ofMinutes(10),
            Duration.ofSeconds(30));

    /**
     * Sets the JDK HTTP server's request read time (headers and body; {@code sun.net.httpserver.maxReqTime}) unless
     * already set. The server reads it once, when the first one is made, so this runs before that (and before any
     * logger exists: it logs nothing).
     */
    public static void applyRequestReadTime(Duration time) {
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(time.toSeconds()));
    }

    /** Threads that read requests: the forwarded ones plus room for health checks and refusals. */
    public int threads() {
        return maxInFlight + 32;
    }
}

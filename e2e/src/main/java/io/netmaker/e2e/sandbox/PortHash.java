package io.netmaker.e2e.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * The agent's hashed ports, computed independently of the agent so the suite can predict (and block) them:
 * {@code base + fnv1a32(podName) % 1000}, unsigned, exactly as Go's {@code fnv.New32a().Sum32() % 1000}.
 */
public final class PortHash {
    public static final int HEALTH_BASE = 8081;
    public static final int PROXY_BASE = 8085;

    private PortHash() {}

    public static long fnv1a32(String text) {
        int hash = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return Integer.toUnsignedLong(hash);
    }

    public static int healthPort(String podName) {
        return HEALTH_BASE + (int) (fnv1a32(podName) % 1000);
    }

    public static int proxyPort(String podName) {
        return PROXY_BASE + (int) (fnv1a32(podName) % 1000);
    }
}

package io.netmaker.agent.ports;

import java.nio.charset.StandardCharsets;

/** FNV-1a 32-bit, as Go's {@code fnv.New32a()} computes it, returned unsigned. */
public final class Fnv1a {
    private static final int OFFSET_BASIS = 0x811c9dc5; // 2166136261
    private static final int PRIME = 16777619;

    private Fnv1a() {}

    /** The hash of the UTF-8 bytes of {@code text}, as an unsigned number from 0 to 2^32-1. */
    public static long hash32(String text) {
        int h = OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= PRIME;
        }
        return Integer.toUnsignedLong(h);
    }

    /** {@code base + hash % 1000}, never below {@code base} (the Go operator's {@code Sum32() % 1000}). */
    public static int offsetPort(int base, String podName) {
        return base + (int) (hash32(podName) % 1000);
    }
}

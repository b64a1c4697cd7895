package io.netmaker.operator.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch over a table file the test writes: what ends a stream, and what does not. */
class ClientGoneWatchTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt\n";
    private static final Duration PERIOD = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @Test
    void endsAStreamWhoseConnectionIsInCloseWaitAndLeavesAnEstablishedOneAlone() throws Exception {
        Path tcp = dir.resolve("tcp");
        table(tcp, line(0xD431, "01") + line(0xD432, "01"));
        AtomicInteger closedA = new AtomicInteger();
        AtomicInteger closedB = new AtomicInteger();
        try (ClientGoneWatch watch = new ClientGoneWatch(List.of(tcp), PERIOD);
                ClientGoneWatch.Registration a = watch.register(connection(0xD431), "/api/a", closedA::incrementAndGet);
                ClientGoneWatch.Registration b = watch.register(connection(0xD432), "/api/b", closedB::incrementAndGet)) {
            scans(watch, 3);
            assertThat(a.ended()).isFalse();

            table(tcp, line(0xD431, "08") + line(0xD432, "01"));
            await().atMost(Duration.ofSeconds(10)).until(a::ended);
            scans(watch, 3);
            assertThat(closedA).hasValue(1); // once, however many scans see it
            assertThat(b.ended()).isFalse();
            assertThat(closedB).hasValue(0);
        }
    }

    @Test
    void endsAStreamWhoseConnectionLeftTheTable() throws Exception {
        Path tcp = dir.resolve("tcp");
        table(tcp, line(0xD431, "01"));
        AtomicInteger closed = new AtomicInteger();
        try (ClientGoneWatch watch = new ClientGoneWatch(List.of(tcp), PERIOD);
                ClientGoneWatch.Registration r = watch.register(connection(0xD431), "/api/a", closed::incrementAndGet)) {
            scans(watch, 3);
            assertThat(r.ended()).isFalse();

            table(tcp, "");
            await().atMost(Duration.ofSeconds(10)).until(r::ended);
            assertThat(closed).hasValue(1);
        }
    }

    @Test
    void withoutATableNothingIsWatched() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        try (ClientGoneWatch watch = new ClientGoneWatch(List.of(dir.resolve("absent")), PERIOD);
                ClientGoneWatch.Registration r = watch.register(connection(0xD431), "/api/a", closed::incrementAndGet)) {
            // nothing is scheduled: the registration is the no-op one, and no scan ever runs
            assertThat(r).isSameAs(ClientGoneWatch.NONE);
            assertThat(r.ended()).isFalse();
            assertThat(watch.scans()).isZero();
            assertThat(closed).hasValue(0);
        }
    }

    /** Waits until {@code count} more scans have finished, so that a check that nothing happened means something. */
    private static void scans(ClientGoneWatch watch, int count) {
        long from = watch.scans();
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.scans() >= from + count);
    }

    /** The proxy at 127.0.0.1:8080, the client at 127.0.1.3:clientPort. */
    private static TcpTable.Connection connection(int clientPort) throws IOException {
        return new TcpTable.Connection(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080),
                new InetSocketAddress(InetAddress.getByName("127.0.1.3"), clientPort));
    }

    /** A table line in this host's byte order. */
    private static String line(int clientPort, String state) {
        return String.format("   0: %s:1F90 %s:%04X %s 00000000:00000000 00:00000000 00000000  1000 0 1 1%n",
                word(127, 0, 0, 1), word(127, 0, 1, 3), clientPort, state);
    }

    private static String word(int a, int b, int c, int d) {
        return String.format("%08X", java.nio.ByteBuffer.wrap(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d})
                .order(java.nio.ByteOrder.nativeOrder()).getInt());
    }

    /** Replaces the file at once, as the kernel's table never shows half a line. */
    private void table(Path file, String lines) throws IOException {
        Path next = Files.writeString(dir.resolve("next"), HEADER + lines);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

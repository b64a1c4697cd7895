package io.netmaker.agent.sidecar;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a userspace WireGuard interface's peers over its UAPI socket ({@code <dir>/<iface>.sock}, the cross-platform
 * text protocol wireguard-go and {@code wg} speak): one {@code get=1} request, answered by {@code key=value} lines
 * ending with {@code errno=N} and a blank line. Needs read and write permission on the socket only, no capability.
 * Private and preshared keys in the answer are skipped, never kept.
 */
public final class WireGuardUapi {
    /** Answers above this size are refused (a few hundred bytes per peer: thousands of peers fit). */
    static final int MAX_ANSWER = 4 << 20;

    private final Path socketDir;
    private final Duration timeout;

    public WireGuardUapi(Path socketDir, Duration timeout) {
        this.socketDir = socketDir;
        this.timeout = timeout;
    }

    public Path socket(String iface) {
        return socketDir.resolve(iface + ".sock");
    }

    /** The interface's peers, or the reason they cannot be read. */
    public Read read(String iface) {
        Path socket = socket(iface);
        if (!Files.exists(socket)) {
            return Read.failed("no UAPI socket " + socket + " (kernel WireGuard, or the directory is not shared with"
                    + " the netclient container)");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("get=1\n\n".getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            String answer = readAnswer(channel, selector);
            if (answer == null) {
                return Read.failed("no answer on " + socket + " within " + timeout.toMillis() + " ms");
            }
            return parse(answer);
        } catch (IOException | SecurityException e) {
            return Read.failed("UAPI socket " + socket + " unreadable: " + e.getMessage());
        }
    }

    /** Reads until the blank line that ends the answer; null on timeout. */
    private String readAnswer(SocketChannel channel, Selector selector) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        StringBuilder text = new StringBuilder();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            if (selector.select(left) == 0) {
                continue;
            }
            selector.selectedKeys().clear();
            int n = channel.read(buffer);
            if (n > 0) {
                buffer.flip();
                text.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
                if (text.length() > MAX_ANSWER) {
                    throw new IOException("answer larger than " + MAX_ANSWER + " bytes");
                }
            }
            if (n < 0 || text.indexOf("\n\n") >= 0) {
                return text.toString();
            }
        }
    }

    /** Parses a {@code get=1} answer. */
    static Read parse(String answer) {
        List<WireGuardPeer> peers = new ArrayList<>();
        PeerBuilder peer = null;
        String errno = null;
        for (String line : answer.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            switch (key) {
                case "public_key" -> {
                    if (peer != null) {
                        peers.add(peer.build());
                    }
                    peer = new PeerBuilder();
                }
                case "endpoint" -> { if (peer != null) peer.endpoint = value; }
                case "last_handshake_time_sec" -> { if (peer != null) peer.handshake = number(value); }
                case "rx_bytes" -> { if (peer != null) peer.rx = number(value); }
                case "tx_bytes" -> { if (peer != null) peer.tx = number(value); }
                case "persistent_keepalive_interval" -> { if (peer != null) peer.keepalive = (int) number(value); }
                case "errno" -> errno = value;
                default -> { } // keys, listen port, allowed IPs: not needed
            }
        }
        if (peer != null) {
            peers.add(peer.build());
        }
        if (errno == null) {
            return Read.failed("UAPI answer without errno (truncated)");
        }
        if (!"0".equals(errno)) {
            return Read.failed("UAPI answered errno=" + errno);
        }
        return new Read(List.copyOf(peers), null);
    }

    private static long number(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final class PeerBuilder {
        String endpoint;
        long handshake;
        long rx;
        long tx;
        int keepalive;

        WireGuardPeer build() {
            return new WireGuardPeer(endpoint, handshake, rx, tx, keepalive);
        }
    }

    /**
     * One read: the peers, or why there are none.
     *
     * @param peers null when unreadable
     * @param failure why, when unreadable
     */
    public record Read(List<WireGuardPeer> peers, String failure) {
        static Read failed(String why) {
            return new Read(null, why);
        }

        public boolean readable() {
            return peers != null;
        }
    }
}

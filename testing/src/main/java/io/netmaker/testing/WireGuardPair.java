package io.netmaker.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real WireGuard tunnel for one test, with userspace {@code wireguard-go} (no kernel module needed): the local end
 * {@code <tag>w} in this network namespace, the peer {@code <tag>x} in a namespace {@code <tag>n} this fixture
 * creates, joined by a veth pair {@code <tag>a}/{@code <tag>b}; every address from 198.18.0.0/16, both ends with the
 * same persistent keepalive (1 s unless told). The tag is random, so parallel runs do not collide on the machine-global UAPI socket path
 * {@code /var/run/wireguard/<iface>.sock}. {@link #close()} stops both daemons and removes the namespace and links.
 *
 * <p>Needs root, iproute2, {@code wireguard-go} and {@code wg} ({@link #missingTools()} says what is missing). Tests
 * create it through {@link TunnelFixtures}, which skips or fails as the suite's rules say; {@code make bench} uses it
 * directly. Plain Java (no JUnit, no Awaitility), so the bench can run it too.
 */
public final class WireGuardPair implements AutoCloseable {
    /** Where wireguard-go puts its UAPI sockets. */
    private static final Path SOCKET_DIR = Path.of("/var/run/wireguard");
    public final String tag;
    /** The local WireGuard interface (the replica's side). */
    public final String iface;
    /** The peer's address inside the tunnel. */
    public final String peerTunnelAddress;
    private final String netns;
    private final String peerIface;
    private final String vethHost;
    private final String localTunnelAddress;
    private final String peerUnderlay;
    private final List<Process> daemons = new ArrayList<>();
    private Process peerDaemon;

    private final int keepalive;

    private WireGuardPair(String tag, int third, int fourth, int tunnelThird, int keepalive) {
        this.tag = tag;
        this.keepalive = keepalive;
        this.iface = tag + "w";
        this.peerIface = tag + "x";
        this.netns = tag + "n";
        this.vethHost = tag + "a";
        this.peerUnderlay = "198.18." + third + "." + (fourth + 2);
        this.localTunnelAddress = "198.18." + tunnelThird + "." + (fourth + 1);
        this.peerTunnelAddress = "198.18." + tunnelThird + "." + (fourth + 2);
    }

    /** A random tag: {@code nmw} and 6 hex digits. */
    public static String randomTag() {
        return "nmw" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    /**
     * Creates and starts a pair named after {@code tag} (at most 13 characters, unique on this machine) with this
     * persistent keepalive on both ends; returns once both daemons are configured.
     *
     * @throws IllegalStateException when a tool is missing or the set-up fails (what was made is removed)
     */
    public static WireGuardPair create(String tag, int keepaliveSeconds) {
        missingTools().ifPresent(missing -> {
            throw new IllegalStateException("cannot run a WireGuard tunnel: " + missing);
        });
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // 198.18.0.0-127.255 for the veth /30s, 198.18.128.0-255.255 for the tunnel addresses
        WireGuardPair pair = new WireGuardPair(tag, random.nextInt(0, 128), random.nextInt(0, 64) * 4,
                random.nextInt(128, 256), keepaliveSeconds);
        try {
            pair.setUp();
        } catch (RuntimeException | IOException e) {
            pair.close();
            throw new IllegalStateException("tunnel set-up failed: " + e.getMessage(), e);
        }
        return pair;
    }

    private void setUp() throws IOException {
        String vethPeer = tag + "b";
        String hostUnderlay = peerUnderlay.substring(0, peerUnderlay.lastIndexOf('.') + 1)
                + (Integer.parseInt(peerUnderlay.substring(peerUnderlay.lastIndexOf('.') + 1)) - 1);
        run("ip", "netns", "add", netns);
        run("ip", "link", "add", vethHost, "type", "veth", "peer", "name", vethPeer);
        run("ip", "link", "set", vethPeer, "netns", netns);
        run("ip", "addr", "add", hostUnderlay + "/30", "dev", vethHost);
        run("ip", "link", "set", vethHost, "up");
        run("ip", "-n", netns, "addr", "add", peerUnderlay + "/30", "dev", vethPeer);
        run("ip", "-n", netns, "link", "set", vethPeer, "up");
        run("ip", "-n", netns, "link", "set", "lo", "up");
        daemons.add(daemon("wireguard-go", "-f", iface));
        peerDaemon = daemon("ip", "netns", "exec", netns, "wireguard-go", "-f", peerIface);
        daemons.add(peerDaemon);
        awaitSockets(Duration.ofSeconds(20));
        Path keys = Files.createTempDirectory(tag);
        try {
            Path localKey = keys.resolve("local");
            Path peerKey = keys.resolve("peer");
            Files.writeString(localKey, run("wg", "genkey"));
            Files.writeString(peerKey, run("wg", "genkey"));
            String localPub = runWithInput(Files.readString(localKey), "wg", "pubkey");
            String peerPub = runWithInput(Files.readString(peerKey), "wg", "pubkey");
            run("ip", "netns", "exec", netns, "wg", "set", peerIface, "private-key", peerKey.toString(),
                    "listen-port", "51820", "peer", localPub, "allowed-ips", localTunnelAddress + "/32",
                    "persistent-keepalive", String.valueOf(keepalive));
            run("wg", "set", iface, "private-key", localKey.toString(), "peer", peerPub, "endpoint",
                    peerUnderlay + ":51820", "allowed-ips", peerTunnelAddress + "/32",
                    "persistent-keepalive", String.valueOf(keepalive));
        } finally {
            try (var files = Files.list(keys)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(keys);
        }
        run("ip", "-n", netns, "addr", "add", peerTunnelAddress + "/32", "peer", localTunnelAddress, "dev", peerIface);
        run("ip", "-n", netns, "link", "set", peerIface, "up");
        run("ip", "addr", "add", localTunnelAddress + "/32", "peer", peerTunnelAddress, "dev", iface);
        run("ip", "link", "set", iface, "up");
    }

    /** Cuts the tunnel: the underlay's host side goes down (the daemons keep running). */
    public void cut() {
        run("ip", "link", "set", vethHost, "down");
    }

    /** Brings the underlay back. */
    public void restore() {
        run("ip", "link", "set", vethHost, "up");
    }

    /** Stops the peer's wireguard-go. */
    public void stopPeer() {
        peerDaemon.destroy();
    }

    /** Sends one datagram through the tunnel to the peer (its kernel answers with ICMP port unreachable). */
    public void sendDatagram() {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] data = "tunnel-test".getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(data, data.length, new InetSocketAddress(peerTunnelAddress, 9)));
        } catch (IOException e) {
            // a cut tunnel may refuse; the counters tell
        }
    }

    @Override
    public void close() {
        for (Process p : daemons) {
            p.destroy();
        }
        for (Process p : daemons) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        quiet("ip", "link", "del", iface);
        quiet("ip", "link", "del", vethHost);
        quiet("ip", "netns", "del", netns);
        try {
            Files.deleteIfExists(SOCKET_DIR.resolve(iface + ".sock"));
            Files.deleteIfExists(SOCKET_DIR.resolve(peerIface + ".sock"));
        } catch (IOException e) {
            // best effort
        }
    }

    /** What this machine lacks to run a pair, if anything. */
    public static Optional<String> missingTools() {
        return Optional.ofNullable(missing());
    }

    /**
     * Waits for both daemons' UAPI sockets: woken by their creation in {@code /var/run/wireguard} (inotify through a
     * {@link WatchService}, no polling; this class runs without Awaitility, in the bench too).
     */
    private void awaitSockets(Duration limit) throws IOException {
        Path dir = SOCKET_DIR;
        Files.createDirectories(dir); // wireguard-go makes it too (0755); the watch needs it first
        List<Path> sockets = List.of(dir.resolve(iface + ".sock"), dir.resolve(peerIface + ".sock"));
        try (WatchService watch = dir.getFileSystem().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            long deadline = System.nanoTime() + limit.toNanos();
            // checked after registering, so no creation goes unseen
            while (!sockets.stream().allMatch(Files::exists)) {
                long left = deadline - System.nanoTime();
                WatchKey key = left > 0 ? watch.poll(left, TimeUnit.NANOSECONDS) : null;
                if (key == null) {
                    throw new IllegalStateException("wireguard-go did not create its UAPI sockets within "
                            + limit.toSeconds() + " s");
                }
                key.pollEvents();
                key.reset();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String missing() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root";
        }
        for (String tool : List.of("ip", "wg", "wireguard-go")) {
            try {
                Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
                if (p.waitFor() != 0) {
                    return tool + " not found";
                }
            } catch (IOException e) {
                return e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    private static Process daemon(String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("WG_PROCESS_FOREGROUND", "1");
        return pb.start();
    }

    private static String run(String... command) {
        return runWithInput(null, command);
    }

    private static String runWithInput(String input, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void quiet(String... command) {
        try {
            run(command);
        } catch (IllegalStateException e) {
            // already gone
        }
    }
}

package io.netmaker.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real WireGuard tunnel for one test, with userspace {@code wireguard-go} (no kernel module needed): the local end
 * {@code <tag>w} in this network namespace, the peer {@code <tag>x} in a namespace {@code <tag>n} this fixture
 * creates, joined by a veth pair {@code <tag>a}/{@code <tag>b}; every address from 198.18.0.0/16, both ends with a
 * 1 s persistent keepalive. The tag is random, so parallel runs do not collide on the machine-global UAPI socket path
 * {@code /var/run/wireguard/<iface>.sock}. {@link #close()} stops both daemons and removes the namespace and links.
 *
 * <p>Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN), iproute2, {@code wireguard-go} and {@code wg}: without them the
 * test is skipped with one line, except under {@code CI=true}, where it fails.
 */
public final class WireGuardPair implements AutoCloseable {
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

    private WireGuardPair(String tag, int third, int fourth, int tunnelThird) {
        this.tag = tag;
        this.iface = tag + "w";
        this.peerIface = tag + "x";
        this.netns = tag + "n";
        this.vethHost = tag + "a";
        this.peerUnderlay = "198.18." + third + "." + (fourth + 2);
        this.localTunnelAddress = "198.18." + tunnelThird + "." + (fourth + 1);
        this.peerTunnelAddress = "198.18." + tunnelThird + "." + (fourth + 2);
    }

    /** Creates and starts a pair with a random tag ({@code nmw} and 6 hex digits). */
    public static WireGuardPair create() {
        return create("nmw" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff)));
    }

    /**
     * Creates and starts a pair named after {@code tag} (at most 13 characters, unique on this machine); returns once
     * both daemons are configured.
     */
    public static WireGuardPair create(String tag) {
        String missing = missingTools();
        if (missing != null) {
            String message = "CANNOT RUN A WIREGUARD TUNNEL (needs root, iproute2, wireguard-go, wireguard-tools): "
                    + missing;
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " -- CI=true requires the tunnel tests");
            }
            System.err.println("SKIPPING tunnel test: " + message);
            assumeTrue(false, message);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // 198.18.0.0-127.255 for the veth /30s, 198.18.128.0-255.255 for the tunnel addresses
        WireGuardPair pair = new WireGuardPair(tag, random.nextInt(0, 128), random.nextInt(0, 64) * 4,
                random.nextInt(128, 256));
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
        Path socketDir = Path.of("/var/run/wireguard");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socketDir.resolve(iface + ".sock"))
                && Files.exists(socketDir.resolve(peerIface + ".sock")));
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
                    "persistent-keepalive", "1");
            run("wg", "set", iface, "private-key", localKey.toString(), "peer", peerPub, "endpoint",
                    peerUnderlay + ":51820", "allowed-ips", peerTunnelAddress + "/32", "persistent-keepalive", "1");
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
            Files.deleteIfExists(Path.of("/var/run/wireguard", iface + ".sock"));
            Files.deleteIfExists(Path.of("/var/run/wireguard", peerIface + ".sock"));
        } catch (IOException e) {
            // best effort
        }
    }

    private static String missingTools() {
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

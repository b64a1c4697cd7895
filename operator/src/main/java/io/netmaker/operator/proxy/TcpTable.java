package io.netmaker.operator.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel's TCP connection table of this process's network namespace, as {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} print it: {@code sl: LOCAL REMOTE st ...} with addresses as {@code HEX:PORT}. Each 32-bit
 * word of an address is printed as the host reads it (little-endian on x86 and arm64), ports as plain hex numbers.
 * IPv4-mapped IPv6 addresses come back as IPv4, as Java reports them for a dual-stack socket.
 */
final class TcpTable {
    /** The peer sent its FIN: it closed its end (or half-closed it) and will read nothing more. */
    static final int CLOSE_WAIT = 0x08;
    static final int ESTABLISHED = 0x01;
    static final List<Path> PROC = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    /** One connection as seen from this host: our address and the peer's. */
    record Connection(InetSocketAddress local, InetSocketAddress remote) {
    }

    private TcpTable() {
    }

    /** Whether this system has the table (Linux); elsewhere nothing can be read. */
    static boolean available(List<Path> files) {
        return Files.isReadable(files.get(0));
    }

    /** Reads every file of the table, keeping only connections whose local port is in {@code localPorts}. */
    static Map<Connection, Integer> read(List<Path> files, Set<Integer> localPorts) throws IOException {
        Map<Connection, Integer> out = new HashMap<>();
        for (Path file : files) {
            if (Files.exists(file)) { // tcp6 is absent when IPv6 is disabled
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                    out.putAll(parse(reader, localPorts));
                }
            }
        }
        return out;
    }

    /** Parses one file's text (header line included); lines that do not parse are skipped. */
    static Map<Connection, Integer> parse(Reader text, Set<Integer> localPorts) throws IOException {
        Map<Connection, Integer> out = new HashMap<>();
        // a node's table can hold many thousands of lines: only those naming one of the ports are split and parsed
        List<String> needles = localPorts.stream().map(p -> String.format(":%04X ", p)).toList();
        BufferedReader lines = text instanceof BufferedReader b ? b : new BufferedReader(text);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (needles.stream().noneMatch(line::contains)) {
                continue;
            }
            String[] f = line.trim().split("\\s+", 5);
            if (f.length < 4 || !f[0].endsWith(":")) {
                continue; // the header, or a line we do not understand
            }
            try {
                InetSocketAddress local = address(f[1]);
                if (!localPorts.contains(local.getPort())) {
                    continue;
                }
                out.put(new Connection(local, address(f[2])), Integer.parseInt(f[3], 16));
            } catch (IllegalArgumentException | UnknownHostException e) {
                // not a connection line
            }
        }
        return out;
    }

    /** {@code 0100007F:1F90} is 127.0.0.1:8080; 32 hex digits before the colon are an IPv6 address. */
    static InetSocketAddress address(String hexAndPort) throws UnknownHostException {
        int colon = hexAndPort.indexOf(':');
        String hex = colon < 0 ? "" : hexAndPort.substring(0, colon);
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("not an address: " + hexAndPort);
        }
        ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2).order(ByteOrder.nativeOrder());
        for (int i = 0; i < hex.length(); i += 8) {
            bytes.putInt((int) Long.parseLong(hex.substring(i, i + 8), 16));
        }
        int port = Integer.parseInt(hexAndPort.substring(colon + 1), 16);
        return new InetSocketAddress(InetAddress.getByAddress(bytes.array()), port);
    }
}

package io.netmaker.operator.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Connections from distinct peers: loopback source addresses other than 127.0.0.1, each counted as its own peer. */
public final class Peers {
    private Peers() {
    }

    /** A socket bound to {@code from} and connected to the loopback {@code port}. */
    public static Socket connect(InetAddress from, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Reads byte by byte until {@code end} has been read (or the connection ends), so nothing after it is consumed;
     * fails when nothing ending with it arrives within {@code timeout}.
     */
    public static String readUntil(Socket s, String end, Duration timeout) throws IOException {
        s.setSoTimeout((int) timeout.toMillis());
        InputStream in = s.getInputStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try {
            while (!seen.toString(StandardCharsets.US_ASCII).endsWith(end)) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                seen.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing ending with " + end.strip() + " within " + timeout.toSeconds()
                    + " s; got: " + seen, e);
        }
        return seen.toString(StandardCharsets.US_ASCII);
    }
}

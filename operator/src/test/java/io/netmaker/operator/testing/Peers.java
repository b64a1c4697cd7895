package io.netmaker.operator.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

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
}

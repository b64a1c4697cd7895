package io.netmaker.agent.ports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks ports by binding them on all interfaces (as the servers will) and keeps the successful binds open, so that
 * nobody takes a port between the check and its use: the health port's channel is handed to the HTTP server with
 * {@link #take}, the rest are released with {@link #close} right before the child starts.
 */
public final class BindingPortCheck implements PortCheck, AutoCloseable {
    private final Map<Integer, ServerSocketChannel> held = new HashMap<>();

    @Override
    public synchronized boolean isFree(int port) {
        if (held.containsKey(port)) {
            return true;
        }
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(port), 128);
            held.put(port, channel);
            return true;
        } catch (IOException e) {
            closeQuietly(channel);
            return false;
        }
    }

    /** Hands over the bound channel of {@code port} (the caller owns it now); null when it is not held. */
    public synchronized ServerSocketChannel take(int port) {
        return held.remove(port);
    }

    /** Releases every channel still held. */
    @Override
    public synchronized void close() {
        held.values().forEach(BindingPortCheck::closeQuietly);
        held.clear();
    }

    /** A port the OS picks on 127.0.0.1, released at once (the child binds it next). */
    public static int freeLoopbackPort() {
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do: the port is released either way
            }
        }
    }
}

package io.netmaker.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * Loads what the path to the child's start needs (sockets, process classes) on a second core while the main thread
 * parses the command line, so the child starts sooner. Does nothing observable. Logging is initialised by
 * {@link Main} before this starts (see there).
 */
final class Warmup {
    private Warmup() {}

    static void start() {
        Thread t = new Thread(Warmup::run, "warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException ignored) {
            // only here to load the socket classes
        }
        for (String name : new String[] {
                "io.netmaker.agent.Agent", "io.netmaker.agent.child.Supervisor", "io.netmaker.agent.child.ChildCommand",
                "io.netmaker.agent.ports.PortPlanner", "io.netmaker.agent.config.AgentConfig",
                "java.lang.ProcessImpl", "java.lang.ProcessHandleImpl"}) {
            try {
                Class.forName(name, true, Warmup.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError ignored) {
                // a class that is not there is simply loaded later
            }
        }
    }
}

package io.netmaker.agent.http;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the agent's HTTP server off the exit path: Jetty's full stop (handlers, thread pool) takes hundreds of
 * milliseconds and the process exit frees all of it anyway, so the agent does not wait for it. It waits (bounded) only
 * for the connectors to close: the JVM's exit waits up to 300 ms for every thread blocked in a native call, and
 * Jetty's acceptor ({@code accept}) and selector ({@code epoll_wait}) are such threads until their connector stops.
 * A server that is still starting when the agent ends is stopped as soon as it has started.
 */
public final class ServerStop {
    private static final Logger LOG = LoggerFactory.getLogger(ServerStop.class);

    private final CountDownLatch connectorsClosed = new CountDownLatch(1);
    private Javalin server;
    private boolean stopping;

    /** The server has started; false when the agent already ended (the server is then being stopped). */
    public synchronized boolean started(Javalin app) {
        server = app;
        if (stopping) {
            stopInBackground(app);
            return false;
        }
        return true;
    }

    /** Starts stopping the server (now or once it has started) and returns at once. */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (server != null) {
            stopInBackground(server);
        } else {
            connectorsClosed.countDown(); // not started: no connector thread to wait for
        }
    }

    /** After {@link #stop()}: waits at most {@code bound} for the connectors' threads to leave their native calls. */
    public void awaitConnectorsClosed(Duration bound) {
        try {
            if (!connectorsClosed.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("http connectors still closing bound_ms={}", bound.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopInBackground(Javalin app) {
        Thread t = new Thread(() -> {
            try {
                for (Connector c : app.jettyServer().server().getConnectors()) {
                    c.stop();
                }
            } catch (Exception e) {
                LOG.debug("http connector stop failed error={}", e.toString());
            } finally {
                connectorsClosed.countDown();
            }
            try {
                app.stop();
            } catch (RuntimeException e) {
                LOG.debug("http server stop failed error={}", e.toString());
            }
        }, "agent-http-stop");
        t.setDaemon(true);
        t.start();
    }
}

package io.netmaker.agent.http;

import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the agent's HTTP server off the exit path: Jetty's stop (connectors, thread pool) takes hundreds of
 * milliseconds and the process exit closes the socket anyway, so the agent does not wait for it. A server that is
 * still starting when the agent ends is stopped as soon as it has started.
 */
public final class ServerStop {
    private static final Logger LOG = LoggerFactory.getLogger(ServerStop.class);

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
        }
    }

    private static void stopInBackground(Javalin app) {
        Thread t = new Thread(() -> {
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

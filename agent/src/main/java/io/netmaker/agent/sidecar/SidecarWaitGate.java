package io.netmaker.agent.sidecar;

import io.netmaker.agent.child.StartGate;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the first child start until the sidecar is ready ({@code AGENT_SIDECAR_WAIT}), at most
 * {@code AGENT_SIDECAR_WAIT_TIMEOUT}; then starts anyway with a warning, or throws
 * {@link SidecarWaitTimeoutException} when {@code AGENT_SIDECAR_WAIT_FATAL} is set. By design this is the one place
 * where the child waits for the Kubernetes API: {@code startWatching} starts the pod watch on the caller's thread.
 */
public final class SidecarWaitGate implements StartGate {
    private static final Logger LOG = LoggerFactory.getLogger(SidecarWaitGate.class);

    private final SidecarSettings settings;
    private final SidecarMonitor monitor;
    private final Runnable startWatching;

    public SidecarWaitGate(SidecarSettings settings, SidecarMonitor monitor, Runnable startWatching) {
        this.settings = settings;
        this.monitor = monitor;
        this.startWatching = startWatching;
    }

    @Override
    public void await() throws InterruptedException {
        if (!settings.waitForSidecar().orElse(true)) {
            monitor.recordWait("off (" + SidecarSettings.WAIT + "=false)");
            return;
        }
        long started = System.nanoTime();
        startWatching.run();
        // the timeout covers creating the client and starting the watch too
        long elapsed = System.nanoTime() - started;
        SidecarMonitor.WaitResult result = monitor.awaitReady(settings.waitTimeout().minusNanos(elapsed));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        switch (result) {
            case READY -> {
                LOG.info("sidecar ready, starting child container={} waitedMs={}", settings.container(), waited);
                monitor.recordWait("ready after " + waited + " ms");
            }
            case NOT_DECLARED -> {
                if (settings.waitForSidecar().isPresent()) {
                    LOG.warn("{}=true but there is no sidecar to wait for container={}", SidecarSettings.WAIT,
                            settings.container());
                }
                monitor.recordWait("no sidecar declared");
            }
            case TIMED_OUT -> {
                String message = "sidecar not ready within " + settings.waitTimeout().toMillis() + " ms container="
                        + settings.container() + " interface=" + settings.interfaceName();
                if (settings.waitFatal()) {
                    monitor.recordWait("timed out, exiting");
                    LOG.error("sidecar wait timed out, exiting ({}=true) container={} waitedMs={}",
                            SidecarSettings.WAIT_FATAL, settings.container(), waited);
                    throw new SidecarWaitTimeoutException(message);
                }
                LOG.warn("sidecar wait timed out, starting child anyway container={} waitedMs={}",
                        settings.container(), waited);
                monitor.recordWait("timed out after " + waited + " ms, started anyway");
            }
        }
    }
}

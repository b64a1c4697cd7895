package io.netmaker.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.netmaker.healthz.Checker;
import io.netmaker.healthz.HealthChecks;
import io.netmaker.operator.config.OperatorOptions;
import io.netmaker.operator.controller.ProxyPods;
import io.netmaker.operator.controller.ServiceProxyController;
import io.netmaker.operator.election.LeaderListener;
import io.netmaker.operator.election.LeaseElection;
import io.netmaker.operator.events.EventRecorder;
import io.netmaker.operator.http.MetricsServer;
import io.netmaker.operator.http.ProbeServer;
import io.netmaker.operator.metrics.OperatorMetrics;
import io.netmaker.operator.proxy.ApiProxy;
import io.netmaker.operator.proxy.InterfaceAddresses;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root, in controller-runtime's manager order: probe and metrics servers first, then the API proxy
 * (every replica, as in the Go operator), then leader election (or the controllers at once without it).
 * {@link #run()} blocks until {@link #stop()} (exit 0), a lost Lease or an API proxy port in use (exit 1).
 */
public final class Operator {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Operator.class);

    private final OperatorOptions options;
    private final KubernetesClient client;
    private final OperatorMetrics metrics;
    private final ServiceProxyController controller;
    private final EventRecorder events;
    private final ApiProxy apiProxy;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger(EXIT_OK);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Javalin probeServer;
    private Javalin metricsServer;
    private LeaseElection election;

    public Operator(OperatorOptions options, KubernetesClient client, Clock clock, Duration baseBackoff,
            Duration maxBackoff) {
        this(options, client, clock, baseBackoff, maxBackoff, InterfaceAddresses.SYSTEM, ApiProxy.RETRY_INTERVAL);
    }

    /** {@code interfaces} and {@code proxyRetry}: how the API proxy finds its address and how often it retries. */
    public Operator(OperatorOptions options, KubernetesClient client, Clock clock, Duration baseBackoff,
            Duration maxBackoff, InterfaceAddresses interfaces, Duration proxyRetry) {
        this.options = options;
        this.client = client;
        this.metrics = new OperatorMetrics(options.leaderElectionId());
        this.events = new EventRecorder(client, "netmaker-operator", options.identity(), clock);
        this.controller = new ServiceProxyController(client, new ProxyPods(options.proxy()), events, metrics, clock,
                baseBackoff, maxBackoff, this::isLeader, options.watchNamespaces() != null ? options.watchNamespaces()
                        : List.of(client.getNamespace() == null ? "default" : client.getNamespace()));
        // a port in use is fatal, like the Go operator's os.Exit(1): the agent reads the message and re-plans ports
        this.apiProxy = new ApiProxy(options.apiProxy(), client, interfaces, proxyRetry, () -> finish(EXIT_FAILURE));
    }

    /** Starts everything and blocks until stopped; returns the process exit code. */
    public int run() throws InterruptedException {
        start();
        done.await();
        shutdown();
        return exitCode.get();
    }

    public void start() {
        LOG.info("operator starting leaderElect={} probe={} metrics={} proxyPort={}",
                options.leaderElect(), options.probeAddress(), options.metricsAddress(),
                options.apiProxy().port());
        if (options.probeAddress().enabled()) {
            // non-leaders are healthy and ready: controller-runtime adds no leader check to the probes
            probeServer = ProbeServer.start(options.probeAddress(), new HealthChecks().add("healthz", Checker.PING),
                    new HealthChecks().add("readyz", Checker.PING).add("proxy", apiProxy.readiness()));
            LOG.info("probe server listening address={} port={}", options.probeAddress(), probeServer.port());
        }
        if (options.metricsAddress().enabled()) {
            metricsServer = MetricsServer.start(options.metricsAddress(), metrics);
            LOG.info("metrics server listening address={} port={}", options.metricsAddress(), metricsServer.port());
        }
        apiProxy.start();
        if (done.getCount() == 0) {
            return; // the proxy port is in use: run() exits 1 without electing
        }
        if (options.leaderElect()) {
            election = new LeaseElection(client, options.leaderElectionNamespace(), options.leaderElectionId(),
                    options.identity(), options.timings(), new LeaderListener() {
                        @Override
                        public void startedLeading() {
                            metrics.leading(true);
                            controller.start();
                        }

                        @Override
                        public void lostLeadership() {
                            metrics.leading(false);
                            LOG.error("leader election lost");
                            finish(EXIT_FAILURE);
                        }
                    }, events);
            metrics.leaseFresh(election::isLeader);
            election.start();
        } else {
            controller.start();
        }
    }

    /** Graceful stop (SIGTERM): stops the controllers, releases the Lease, stops the servers. Idempotent. */
    public void stop() {
        finish(EXIT_OK);
        shutdown();
    }

    public boolean isLeader() {
        return election == null || election.isLeader();
    }

    public int probePort() {
        return probeServer == null ? -1 : probeServer.port();
    }

    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    public ApiProxy apiProxy() {
        return apiProxy;
    }

    public boolean controllersRunning() {
        return controller.isRunning();
    }

    private void finish(int code) {
        if (done.getCount() > 0) {
            exitCode.compareAndSet(EXIT_OK, code);
            done.countDown();
        }
    }

    private void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            controller.close();
            if (election != null) {
                election.close();
            }
            metrics.leading(false);
            apiProxy.close();
            if (metricsServer != null) {
                metricsServer.stop();
            }
            if (probeServer != null) {
                probeServer.stop();
            }
            LOG.info("operator stopped exitCode={}", exitCode.get());
        } finally {
            stopped.countDown();
        }
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.netmaker.operator.proxy;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmaker.healthz.Checker;
import io.netmaker.concurrent.DaemonThreads;
import io.netmaker.operator.config.ApiProxyOptions;
import io.netmaker.golang.GoDuration;
import io.netmaker.operator.config.ProxyIdentity;
import io.netmaker.operator.config.ProxyLimits;
import io.netmaker.operator.config.ProxyMode;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes API proxy of the Go operator ({@code proxy.StartK8sProxy}), on every replica. It listens on
 * {@code PROXY_BIND_IP} when set, else on the IPv4 address of the WireGuard interface, and never on every interface
 * by default: while the interface has no address it does not listen, its readiness check fails with the reason, and
 * it retries until the address appears. A port already in use is fatal ({@code onPortInUse}).
 */
public final class ApiProxy implements AutoCloseable {
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ApiProxy.class);

    private final ApiProxyOptions options;
    private final HttpHandler handler;
    private final KubernetesClient upstream;
    private final InterfaceAddresses interfaces;
    private final Duration retryInterval;
    private final Runnable onPortInUse;
    private final ScheduledExecutorService binder = DaemonThreads.scheduled("api-proxy-bind");
    private final ThreadPoolExecutor requests;
    private final ClientGoneWatch clientGone = new ClientGoneWatch(TcpTable.PROC, ClientGoneWatch.PERIOD);

    private HttpServer server;
    private boolean closed;
    private volatile String notListening = "not started";

    static {
        // the JDK server reads headers and body on the request threads without a timeout; this bounds both
        ProxyLimits.applyRequestReadTime(ProxyLimits.DEFAULT.requestReadTime());
    }

    public ApiProxy(ApiProxyOptions options, KubernetesClient client, InterfaceAddresses interfaces,
            Duration retryInterval, Runnable onPortInUse) {
        this(options, ProxyLimits.DEFAULT, client, interfaces, retryInterval, onPortInUse);
    }

    public ApiProxy(ApiProxyOptions options, ProxyLimits limits, KubernetesClient client,
            InterfaceAddresses interfaces, Duration retryInterval, Runnable onPortInUse) {
        this.options = options;
        // a client of its own: proxied watches must never queue behind, or starve, the operator's Lease renewals
        Config own = new ConfigBuilder(client.getConfiguration())
                .withMaxConcurrentRequests(limits.maxInFlight())
                .withMaxConcurrentRequestsPerHost(limits.maxInFlight())
                // HTTP/1.1 upstream whatever the given client speaks: the hop-by-hop rules are HTTP/1.1's, and the
                // JDK HttpClient's h2c offer would add Connection/Upgrade headers to every forwarded request
                .withHttp2Disable(true)
                .build();
        this.upstream = new KubernetesClientBuilder().withConfig(own).build();
        this.handler = new ApiProxyHandler(upstream.getHttpClient(), own.getMasterUrl(), options.mode(),
                options.identities(), limits, clientGone);
        // bounded threads and queue; when both are full the server's dispatcher waits, so further connections stay
        // in the kernel's accept backlog instead of taking threads or heap (slow ones are closed after the read time)
        this.requests = new ThreadPoolExecutor(limits.threads(), limits.threads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(limits.threads()), DaemonThreads.factory("api-proxy"), (task, pool) -> {
                    try {
                        if (!pool.isShutdown()) {
                            pool.getQueue().put(task);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        this.requests.allowCoreThreadTimeOut(true);
        this.interfaces = interfaces;
        this.retryInterval = retryInterval;
        this.onPortInUse = onPortInUse;
    }

    /**
     * Tries to bind at once (so an explicit address in use fails start-up), then retries in the background. With
     * {@code PROXY_MODE=off} it does nothing and its readiness check passes.
     */
    public void start() {
        if (options.mode() == ProxyMode.OFF) {
            notListening = null;
            LOG.info("api proxy off mode=off");
            return;
        }
        if (options.mode() == ProxyMode.NOAUTH) {
            LOG.warn("api proxy without authentication mode=noauth risk=\"every peer that reaches the proxy acts "
                    + "with the operator's ServiceAccount (create pods, read what it can read)\" "
                    + "hint=\"use PROXY_MODE=auth unless another layer authenticates callers\"");
        }
        ProxyIdentity.Mapping ids = options.identities();
        LOG.info("api proxy starting port={} bindIp={} interface={} mode={} user={} groups={} mappedPeers={}",
                options.port(), options.bindIp() == null ? "-" : options.bindIp(), options.interfaceName(),
                options.mode().value(), options.mode() == ProxyMode.AUTH ? ids.fallback().user() : "-",
                options.mode() == ProxyMode.AUTH ? String.join(",", ids.fallback().groups()) : "-",
                ids.byPeerIp().size());
        clientGone.logMode();
        attempt();
    }

    /** The {@code proxy} readiness check: fails with the reason while the proxy is not listening. */
    public Checker readiness() {
        return () -> {
            String reason = notListening;
            if (reason != null) {
                throw new IllegalStateException(reason);
            }
        };
    }

    /** The address listened on, empty while not listening. */
    public synchronized Optional<InetSocketAddress> address() {
        return server == null ? Optional.empty() : Optional.of(server.getAddress());
    }

    private synchronized void attempt() {
        if (closed || server != null) {
            return;
        }
        Optional<InetAddress> address;
        try {
            address = options.bindIp() != null
                    ? Optional.of(InetAddress.getByName(options.bindIp()))
                    : InterfaceAddresses.firstUsableIpv4(interfaces.of(options.interfaceName()));
        } catch (IOException e) {
            retry("cannot read the addresses of interface " + options.interfaceName() + ": " + e.getMessage());
            return;
        }
        if (address.isEmpty()) {
            retry("interface " + options.interfaceName() + " has no IPv4 address; set PROXY_BIND_IP to bind elsewhere");
            return;
        }
        InetSocketAddress bind = new InetSocketAddress(address.get(), options.port());
        try {
            HttpServer s = HttpServer.create(bind, 0);
            s.createContext("/", handler);
            s.setExecutor(requests);
            s.start();
            server = s;
            notListening = null;
            LOG.info("api proxy listening address={} port={} source={}", address.get().getHostAddress(),
                    s.getAddress().getPort(), options.bindIp() != null ? "PROXY_BIND_IP" : options.interfaceName());
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("already in use")) {
                notListening = "port " + options.port() + " already in use";
                LOG.error("api proxy port already in use, exiting port={} error=\"listen tcp {}:{}: bind: address "
                        + "already in use\" hint=\"set PROXY_PORT to a free port\"", options.port(),
                        address.get().getHostAddress(), options.port());
                closed = true;
                onPortInUse.run();
                return;
            }
            retry("cannot bind " + address.get().getHostAddress() + ":" + options.port() + ": " + e.getMessage());
        } catch (IOException e) {
            retry("cannot bind " + address.get().getHostAddress() + ":" + options.port() + ": " + e.getMessage());
        }
    }

    private void retry(String reason) {
        if (!reason.equals(notListening)) {
            LOG.warn("api proxy not listening, retrying reason=\"{}\" every={}", reason,
                    GoDuration.format(retryInterval));
        }
        notListening = reason;
        binder.schedule(this::attempt, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        HttpServer s;
        synchronized (this) {
            closed = true;
            s = server;
            server = null;
            notListening = "stopped";
        }
        binder.shutdownNow();
        clientGone.close();
        upstream.close();
        if (s != null) {
            s.stop(0); // open watches would otherwise hold the stop for the whole delay
        }
        requests.shutdownNow();
    }
}

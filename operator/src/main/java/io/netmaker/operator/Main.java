package io.netmaker.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netmaker.operator.config.OperatorOptions;
import io.netmaker.operator.config.OptionsParser;
import io.netmaker.operator.config.ParseResult;
import io.netmaker.operator.config.ProxyLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: parse once (exit 2 on any error), then run the operator until SIGTERM (0) or a lost Lease (1). */
public final class Main {
    /** Set when run() returned without a signal (lost Lease, failure): the shutdown hook then only lets the JVM exit. */
    private static volatile boolean finishedOnItsOwn;
    /** Below Kubernetes' default 30s termination grace period. */
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);
    static final String SIMPLE_LOGGER_DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Main() {
    }

    public static void main(String[] args) {
        ProxyLimits.applyRequestReadTime(ProxyLimits.DEFAULT.requestReadTime()); // loads no logger
        ParseResult parsed = OptionsParser.forProcess().parse(args);
        if (parsed instanceof ParseResult.Help help) {
            System.out.print(help.usage());
            return;
        }
        if (parsed instanceof ParseResult.Invalid invalid) {
            invalid.errors().forEach(e -> System.err.println("error: " + e));
            System.err.print(invalid.usage());
            System.exit(Operator.EXIT_USAGE);
        }
        ParseResult.Run run = (ParseResult.Run) parsed;
        OperatorOptions options = run.options();
        if (options.logLevel() != null) {
            // before the first logger exists: slf4j-simple reads its configuration once
            System.setProperty(SIMPLE_LOGGER_DEFAULT_LEVEL, options.logLevel());
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        run.warnings().forEach(w -> log.warn("configuration warning: {}", w));
        int code;
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config(options)).build()) {
            Operator operator = new Operator(options, client, Clock.systemUTC(), Duration.ofMillis(100),
                    Duration.ofSeconds(60));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // SIGTERM: stop gracefully and exit 0 like controller-runtime; the JVM would otherwise report 143
                if (!finishedOnItsOwn) {
                    int exit = stopWithin(operator, GRACEFUL_STOP, log);
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(exit);
                }
            }, "shutdown"));
            try {
                code = operator.run();
            } finally {
                finishedOnItsOwn = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = Operator.EXIT_FAILURE;
        } catch (RuntimeException e) {
            log.error("operator failed error={}", e.toString(), e);
            code = Operator.EXIT_FAILURE;
        }
        System.exit(code);
    }

    /** Stops the operator, giving up after {@code limit}: an unreachable API server must not outlast the grace period. */
    private static int stopWithin(Operator operator, Duration limit, Logger log) {
        Thread stopper = new Thread(operator::stop, "graceful-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            log.error("graceful stop timed out timeout={}", limit);
            return Operator.EXIT_FAILURE;
        }
        return Operator.EXIT_OK;
    }

    /**
     * {@code --kubeconfig} when given, else fabric8's auto-configuration (KUBECONFIG, ~/.kube/config, in-cluster).
     * Requests are not retried inside the client (fabric8 retries with back-off by default): a Lease renewal must
     * fail within the renew deadline, and the work queue and informers already retry.
     */
    static Config config(OperatorOptions options) {
        Config config;
        if (options.kubeconfig() == null) {
            config = Config.autoConfigure(null);
        } else {
            try {
                config = Config.fromKubeconfig(null, Files.readString(Path.of(options.kubeconfig())),
                        options.kubeconfig());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --kubeconfig " + options.kubeconfig(), e);
            }
        }
        config.setRequestRetryBackoffLimit(0);
        // HTTP/1.1, as the client spoke on vert.x: the JDK HttpClient would otherwise offer HTTP/2 (h2c upgrade
        // headers on every request to a plain-HTTP server) and put every watch on one connection. The API proxy's
        // own client inherits this.
        config.setHttp2Disable(true);
        return config;
    }
}

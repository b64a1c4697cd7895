package io.netmaker.e2e.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's real Kubernetes API server on loopback: etcd 3.5 and {@code testapiserver} (e2e/go, built by
 * {@code make go-peers} into {@code e2e/target/go-peers}), with client certificates per identity and RBAC enforced.
 * {@link #start} waits until the server is ready and leaves no process behind on {@link #close()} or a failed start.
 */
public final class RealApiServer implements KubeApi {
    private static final Logger LOG = LoggerFactory.getLogger(RealApiServer.class);
    /** The ServiceAccount the shipped manifests give the agent and the operator (deploy/base). */
    public static final String WORKLOAD_SERVICE_ACCOUNT = "netmaker-operator";
    public static final String ADMIN = "admin";
    public static final String WORKLOAD = "workload";
    private static final Duration START = Duration.ofSeconds(60);
    private static final String RBAC_LOG = "rbac-decisions.jsonl";
    private static final Pattern LISTENING = Pattern.compile("TESTAPISERVER_LISTENING (https://\\S+)");
    private static final Pattern REVISION = Pattern.compile("\"revision\"\\s*:\\s*\"?(\\d+)");
    private static final Set<String> RBAC_KINDS = Set.of("Namespace", "ServiceAccount", "Role", "RoleBinding",
            "ClusterRole", "ClusterRoleBinding");

    private final Path dir;
    private final Process etcd;
    private final String etcdUrl;
    private final List<String> serverCommand;
    private volatile Process apiserver;
    private int starts = 1;
    private final String url;
    private final KubernetesClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RealApiServer(Path dir, Process etcd, String etcdUrl, List<String> serverCommand, Process apiserver,
            String url, KubernetesClient client) {
        this.dir = dir;
        this.etcd = etcd;
        this.etcdUrl = etcdUrl;
        this.serverCommand = serverCommand;
        this.apiserver = apiserver;
        this.url = url;
        this.client = client;
    }

    /** The binaries' folder: {@code -Dgo.peers.dir}, else {@code e2e/target/go-peers} under the repository. */
    public static Path binDir(Path repoRoot) {
        return Path.of(System.getProperty("go.peers.dir", repoRoot.resolve("e2e/target/go-peers").toString()));
    }

    /** Why the binaries cannot be used, if they cannot ({@code make go-peers} builds them). */
    public static Optional<String> missing(Path binDir) {
        for (String bin : List.of("testapiserver", "etcd")) {
            if (!Files.isExecutable(binDir.resolve(bin))) {
                return Optional.of(binDir.resolve(bin) + " not built (make go-peers)");
            }
        }
        return Optional.empty();
    }

    /**
     * A starter for sandboxes: the server with an administrator and the workload's ServiceAccount in the sandbox's
     * namespace, then {@code manifests} (Namespace, ServiceAccount and RBAC objects only) applied as administrator.
     */
    public static KubeApi.Starter starter(Path binDir, String manifests) {
        return (workDir, port, namespace) -> {
            RealApiServer api = start(binDir, workDir.resolve("apiserver"), namespace, List.of(
                    ADMIN + "=admin,system:masters",
                    WORKLOAD + "=system:serviceaccount:" + namespace + ":" + WORKLOAD_SERVICE_ACCOUNT));
            try {
                api.applyRbac(manifests);
            } catch (RuntimeException e) {
                api.close();
                throw e;
            }
            return api;
        };
    }

    /**
     * Starts etcd and the server in {@code dir}; {@code identities} are {@code NAME=USER[,GROUP...]}, one kubeconfig
     * each ({@link #kubeconfig(String)}); one of them must be {@value #ADMIN} (the harness's client).
     */
    public static RealApiServer start(Path binDir, Path dir, String namespace, List<String> identities) {
        missing(binDir).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        Process etcd = null;
        Process apiserver = null;
        try {
            Files.createDirectories(dir);
            int client = freePort();
            int peer = freePort();
            String etcdUrl = "http://127.0.0.1:" + client;
            String peerUrl = "http://127.0.0.1:" + peer;
            etcd = new ProcessBuilder(binDir.resolve("etcd").toString(), "--name", "default",
                    "--data-dir", dir.resolve("etcd-data").toString(),
                    "--listen-client-urls", etcdUrl, "--advertise-client-urls", etcdUrl,
                    "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                    "--initial-cluster", "default=" + peerUrl, "--log-level", "warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
            awaitEtcd(etcd, etcdUrl);
            List<String> cmd = new ArrayList<>(List.of(binDir.resolve("testapiserver").toString(),
                    "--etcd-servers", etcdUrl, "--dir", dir.toString(), "--namespace", namespace));
            identities.forEach(id -> cmd.add("--identity=" + id));
            cmd.add("--rbac-log=" + dir.resolve(RBAC_LOG));
            Path log = dir.resolve("testapiserver.log");
            apiserver = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String url = awaitListening(apiserver, log);
            KubernetesClient admin = new KubernetesClientBuilder()
                    .withConfig(Kubeconfig.clientConfig(dir.resolve(ADMIN + ".kubeconfig"))).build();
            cmd.add("--port=" + URI.create(url).getPort()); // a restart serves on the same port
            RealApiServer api = new RealApiServer(dir, etcd, etcdUrl, List.copyOf(cmd), apiserver, url, admin);
            api.awaitReady();
            LOG.info("api server started url={} etcd={} dir={}", url, etcdUrl, dir);
            return api;
        } catch (IOException e) {
            stop(apiserver);
            stop(etcd);
            throw new UncheckedIOException("cannot start the API server", e);
        } catch (RuntimeException e) {
            stop(apiserver);
            stop(etcd);
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitEtcd(Process etcd, String etcdUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!etcd.isAlive()) {
                throw new IllegalStateException("etcd exited with " + etcd.exitValue() + " (see etcd.log)");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(etcdUrl + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause();
        }
        throw new IllegalStateException("etcd not healthy within " + START.toSeconds() + " s");
    }

    private static String awaitListening(Process apiserver, Path log) throws IOException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                return m.group(1);
            }
            if (!apiserver.isAlive()) {
                throw new IllegalStateException("testapiserver exited with " + apiserver.exitValue() + " (see " + log + ")");
            }
            pause();
        }
        throw new IllegalStateException("testapiserver not listening within " + START.toSeconds() + " s (see " + log + ")");
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if ("ok".equals(client.raw(url + "/readyz"))) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            pause();
        }
        throw new IllegalStateException("testapiserver not ready within " + START.toSeconds() + " s", last);
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling a starting process: nothing to wait on but its answers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Plays an API server restart: stops the server (etcd keeps running), runs {@code whileDown}, starts it again on
     * the same port with the same CA (clients' certificates stay valid) and waits until it is ready. Its new watch
     * cache starts at etcd's current revision: a client's watch from an older resourceVersion gets 410 Gone.
     */
    public synchronized void restartServer(Runnable whileDown) {
        stop(apiserver);
        whileDown.run();
        Path log = dir.resolve("testapiserver-" + (++starts) + ".log");
        try {
            apiserver = new ProcessBuilder(serverCommand).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitListening(apiserver, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the API server", e);
        }
        awaitReady();
        LOG.info("api server restarted url={}", url);
    }

    /** Creates the Namespace, ServiceAccount and RBAC objects among {@code yaml}'s documents, as administrator. */
    public void applyRbac(String yaml) {
        List<HasMetadata> items = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
        items.stream().filter(i -> i.getKind().equals("Namespace")).forEach(i -> client.resource(i).create());
        items.stream().filter(i -> RBAC_KINDS.contains(i.getKind()) && !i.getKind().equals("Namespace"))
                .forEach(i -> client.resource(i).create());
    }

    /** Renders {@code kubectl kustomize dir} (as {@code kubectl apply -k} would). */
    public static String kustomize(Path dir) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectError(err.toFile()).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 60s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + p.exitValue()
                            + "): " + Files.readString(err));
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every distinct RBAC decision so far on requests of users outside system:masters. */
    public List<RbacDecision> rbacDecisions() {
        try {
            Path log = dir.resolve(RBAC_LOG);
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log).stream().filter(l -> !l.isBlank())
                    .map(l -> client.getKubernetesSerialization().unmarshal(l, RbacDecision.class)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** etcd's current revision (through its JSON gateway). */
    public long etcdRevision() {
        return revision(etcdPost("/v3/kv/range", "{\"key\":\"" + Base64.getEncoder().encodeToString(
                "/registry".getBytes(StandardCharsets.UTF_8)) + "\",\"limit\":1}"));
    }

    /** Compacts etcd's history up to its current revision: older watches and lists get 410 Gone. */
    public long compactEtcd() {
        long rev = etcdRevision();
        etcdPost("/v3/kv/compaction", "{\"revision\":\"" + rev + "\",\"physical\":true}");
        return rev;
    }

    private String etcdPost(String path, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(etcdUrl + path))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("etcd " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("etcd " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static long revision(String json) {
        Matcher m = REVISION.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no revision in etcd's answer: " + json);
        }
        return Long.parseLong(m.group(1));
    }

    @Override
    public String name() {
        return "apiserver";
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig(WORKLOAD);
    }

    @Override
    public Path adminKubeconfig() {
        return kubeconfig(ADMIN);
    }

    /** The kubeconfig of identity {@code name} (one of those given to {@link #start}). */
    public Path kubeconfig(String name) {
        return dir.resolve(name + ".kubeconfig");
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        stop(apiserver);
        stop(etcd);
        LOG.info("api server stopped dir={}", dir);
    }

    private static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}

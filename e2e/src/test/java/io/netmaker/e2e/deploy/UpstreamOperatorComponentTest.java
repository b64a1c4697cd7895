package io.netmaker.e2e.deploy;

import static io.netmaker.e2e.deploy.DeployManifestsTest.KNOWN_ENV;
import static io.netmaker.e2e.deploy.DeployManifestsTest.access;
import static io.netmaker.e2e.deploy.DeployManifestsTest.agent;
import static io.netmaker.e2e.deploy.DeployManifestsTest.all;
import static io.netmaker.e2e.deploy.DeployManifestsTest.deployment;
import static io.netmaker.e2e.deploy.DeployManifestsTest.env;
import static io.netmaker.e2e.deploy.DeployManifestsTest.envNames;
import static io.netmaker.e2e.deploy.DeployManifestsTest.envVar;
import static io.netmaker.e2e.deploy.DeployManifestsTest.grantedTo;
import static io.netmaker.e2e.deploy.DeployManifestsTest.only;
import static io.netmaker.e2e.deploy.DeployManifestsTest.union;
import static io.netmaker.e2e.deploy.DeployManifestsTest.withComponent;
import static io.netmaker.e2e.deploy.UpstreamOperatorComponentTest.Provided.AGENT;
import static io.netmaker.e2e.deploy.UpstreamOperatorComponentTest.Provided.DOWNWARD_API;
import static io.netmaker.e2e.deploy.UpstreamOperatorComponentTest.Provided.SECRET;
import static io.netmaker.e2e.deploy.UpstreamOperatorComponentTest.Provided.UPSTREAM_DEFAULT;
import static io.netmaker.e2e.deploy.UpstreamOperatorComponentTest.Provided.VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/components/upstream-operator} against what the upstream Go operator's source reads and calls.
 * The two tables below were written by hand from a reading of gravitl/netmaker-k8s-ops at commit
 * {@value #UPSTREAM_COMMIT} (every {@code os.Getenv} of the packages linked into {@code /manager}: cmd, conf,
 * internal/controller, internal/proxy; internal/webhook is not linked, its registration is commented out; and every
 * client call of its controllers, its manager and its API proxy). They are data, not upstream code: when the pinned
 * upstream version moves, read it again and update them with the commit.
 */
class UpstreamOperatorComponentTest {
    static final String UPSTREAM_COMMIT = "8b36e94";
    static final String COMPONENT = "upstream-operator";
    /** The Secret the component takes the Netmaker API settings from; the user creates it (it is optional). */
    static final String API_SECRET = "netmaker-api";

    /** How the rendered pod gives upstream a variable it reads. */
    enum Provided {
        /** The agent reads it or plans it for the child (README configuration table). */
        AGENT,
        /** From the downward API; {@code value} is the field path. */
        DOWNWARD_API,
        /** A literal {@code value} set by the component. */
        VALUE,
        /** From the optional key of the same name in Secret {@value #API_SECRET}. */
        SECRET,
        /** Not set: upstream's own default ({@code value}) is what the component wants. */
        UPSTREAM_DEFAULT
    }

    record UpstreamEnv(String name, String readIn, Provided provided, String value) {}

    /** Every variable {@code /manager} reads at {@value #UPSTREAM_COMMIT}, where, and how the component provides it. */
    static final List<UpstreamEnv> UPSTREAM_ENV = List.of(
            new UpstreamEnv("ENABLE_LEADER_ELECTION", "cmd/main.go: --leader-elect default", AGENT, null),
            new UpstreamEnv("POD_NAME", "cmd/main.go: --leader-elect default", AGENT, null),
            new UpstreamEnv("HEALTH_PROBE_PORT", "cmd/main.go: replaces --health-probe-bind-address", AGENT, null),
            new UpstreamEnv("PROXY_MODE", "cmd/main.go: proxy on when set; internal/proxy/proxy.go", SECRET, null),
            new UpstreamEnv("IN_CLUSTER", "conf/conf.go: the API proxy's client config", VALUE, "true"),
            new UpstreamEnv("OPERATOR_NAMESPACE", "internal/controller: netclient token Secret fallback namespace",
                    DOWNWARD_API, "metadata.namespace"),
            new UpstreamEnv("NETCLIENT_IMAGE", "internal/controller: proxy pods", UPSTREAM_DEFAULT,
                    "gravitl/netclient:v1.4.0"),
            new UpstreamEnv("EGRESS_PROXY_IMAGE", "internal/controller/egress_proxy_controller.go", UPSTREAM_DEFAULT,
                    "alpine/socat:latest"),
            new UpstreamEnv("INGRESS_PROXY_IMAGE", "internal/controller/ingress_proxy_controller.go",
                    UPSTREAM_DEFAULT, "alpine/socat:latest"),
            new UpstreamEnv("NETCLIENT_SECRET_NAME", "internal/controller", UPSTREAM_DEFAULT, "netclient-token"),
            new UpstreamEnv("NETCLIENT_SECRET_KEY", "internal/controller", UPSTREAM_DEFAULT, "token"),
            new UpstreamEnv("GIN_MODE", "internal/proxy/api.go, proxy.go: gin debug mode unless release", VALUE,
                    "release"),
            new UpstreamEnv("API_PORT", "internal/proxy/api.go", UPSTREAM_DEFAULT, "8086"),
            new UpstreamEnv("API_BIND_IP", "internal/proxy/api.go: else IFACE_NAME's address", UPSTREAM_DEFAULT, ""),
            new UpstreamEnv("API_SERVER_DOMAIN", "internal/proxy/proxy.go: user mappings; pro check", SECRET, null),
            new UpstreamEnv("API_TOKEN", "internal/proxy/proxy.go: user mappings", SECRET, null),
            new UpstreamEnv("API_SYNC_INTERVAL", "internal/proxy/proxy.go: seconds, default 30", SECRET, null),
            new UpstreamEnv("SERVER_HOST", "internal/proxy/proxy.go: pro check, else API_SERVER_DOMAIN", SECRET, null),
            new UpstreamEnv("PROXY_SKIP_TLS_VERIFY", "internal/proxy/proxy.go", UPSTREAM_DEFAULT, ""),
            new UpstreamEnv("PROXY_IMPERSONATE_USER", "internal/proxy/proxy.go getProxyConfig", UPSTREAM_DEFAULT,
                    "wireguard-peer"),
            new UpstreamEnv("PROXY_IMPERSONATE_GROUPS", "internal/proxy/proxy.go getProxyConfig", UPSTREAM_DEFAULT,
                    "system:authenticated,wireguard-peers"),
            new UpstreamEnv("KUBECONFIG", "internal/proxy/proxy.go: without IN_CLUSTER", UPSTREAM_DEFAULT, ""),
            new UpstreamEnv("HOME", "internal/proxy/proxy.go: without IN_CLUSTER and KUBECONFIG", UPSTREAM_DEFAULT, ""),
            new UpstreamEnv("PROXY_PORT", "internal/proxy/proxy.go", AGENT, null),
            new UpstreamEnv("PROXY_BIND_IP", "internal/proxy/proxy.go: else IFACE_NAME's address", UPSTREAM_DEFAULT,
                    ""),
            new UpstreamEnv("IFACE_NAME", "internal/proxy/proxy.go: the interface to bind to", VALUE, "netmaker"),
            new UpstreamEnv("WIREGUARD_RETRY_MAX_ATTEMPTS", "internal/proxy/proxy.go", UPSTREAM_DEFAULT, "20"),
            new UpstreamEnv("WIREGUARD_RETRY_BASE_DELAY_SECONDS", "internal/proxy/proxy.go", UPSTREAM_DEFAULT, "3"),
            new UpstreamEnv("WIREGUARD_RETRY_MAX_DELAY_SECONDS", "internal/proxy/proxy.go", UPSTREAM_DEFAULT, "30"));

    /** One kind of request upstream makes: where in its source, the grant scope, group, resource, verbs, name. */
    record Call(String source, String scope, String group, String resource, List<String> verbs, String name) {
        Set<String> grants() {
            return verbs.stream().map(v -> scope + " " + group + "/" + resource + ":" + v + (name == null ? "" : "="
                    + name)).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * Every request {@code /manager} makes at {@value #UPSTREAM_COMMIT}. controller-runtime v0.18's default client
     * reads typed objects from the manager's cache, so each type a controller watches or reads with {@code r.Get}
     * gets an informer (list + watch) in every namespace (main.go configures no cache namespaces); creates, updates
     * and deletes go to the API server. The scope "namespace" is the service-account namespace (the Lease's).
     */
    static final List<Call> UPSTREAM_CALLS = List.of(
            new Call("cmd/main.go: LeaderElection with LeaderElectionID 3820d23d.netmaker.io (Lease lock)",
                    "namespace", "coordination.k8s.io", "leases", List.of("get", "create", "update"), null),
            new Call("controller-runtime: the leader-election event recorder", "namespace", "", "events",
                    List.of("create", "patch"), null),
            new Call("egress/ingress controllers: For(&Service{}), r.Get(Service) from the cache", "cluster", "",
                    "services", List.of("list", "watch"), null),
            new Call("egress/ingress controllers: r.Get(Pod) from the cache, r.Create(pod), r.Delete(pod)", "cluster",
                    "", "pods", List.of("list", "watch", "create", "delete"), null),
            new Call("egress controller updateServiceEndpoints: r.Get(Endpoints) from the cache, r.Create, r.Update",
                    "cluster", "", "endpoints", List.of("list", "watch", "create", "update"), null),
            new Call("egress/ingress getNetclientToken, buildNetclientEnvVars: r.Get(Secret) from the cache",
                    "cluster", "", "secrets", List.of("list", "watch"), null),
            new Call("netmakerops controller: For(&NetmakerOps{})", "cluster", "network.netmaker.io", "netmakerops",
                    List.of("list", "watch"), null),
            new Call("internal/proxy createAuthMiddleware: Impersonate-User", "cluster", "", "users",
                    List.of("impersonate"), upstreamDefault("PROXY_IMPERSONATE_USER")),
            new Call("internal/proxy createAuthMiddleware: ONE Impersonate-Group header, the groups joined by ','",
                    "cluster", "", "groups", List.of("impersonate"), upstreamDefault("PROXY_IMPERSONATE_GROUPS")),
            new Call("internal/proxy createAuthMiddleware: Impersonate-Extra-Original-User: <client IP>", "cluster",
                    "authentication.k8s.io", "userextras/original-user", List.of("impersonate"), null),
            new Call("internal/proxy createAuthMiddleware: Impersonate-Extra-Original-Group: wireguard-peers",
                    "cluster", "authentication.k8s.io", "userextras/original-group", List.of("impersonate"),
                    "wireguard-peers"));

    /** What the agent itself needs: its own Pod and the Lease it watches, renews and releases. */
    static final Set<String> AGENT_ACCESS = access("namespace",
            "", "pods", "get,list,watch",
            "coordination.k8s.io", "leases", "get,list,watch,update,patch");

    @BeforeAll
    static void kubectlIsInstalled() {
        Kustomize.requireKubectl();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi", "host-network"})
    void rbacGrantsExactlyTheCallsOfUpstreamsSourceAndTheAgents(String overlay, @TempDir Path dir)
            throws IOException {
        List<HasMetadata> objects = withComponent(dir, overlay, COMPONENT);
        Deployment deployment = only(objects, Deployment.class);

        Set<String> granted = grantedTo(objects, deployment.getSpec().getTemplate().getSpec().getServiceAccountName(),
                deployment.getMetadata().getNamespace());
        Set<String> required = new TreeSet<>(AGENT_ACCESS);
        UPSTREAM_CALLS.forEach(c -> required.addAll(c.grants()));
        assertThat(granted).as("missing grants").containsAll(required);
        assertThat(granted).as("grants beyond what the source calls (least privilege)").isSubsetOf(required);
        assertThat(granted).as("the cached Secret reads: an informer, never a named get")
                .filteredOn(g -> g.contains("/secrets:")).containsExactly("cluster /secrets:list", "cluster /secrets:watch");
        assertThat(granted).noneMatch(g -> g.contains("*"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi", "host-network"})
    void everyVariableUpstreamReadsIsProvidedAsTheTableSays(String overlay, @TempDir Path dir) throws IOException {
        List<HasMetadata> objects = withComponent(dir, overlay, COMPONENT);
        Container agent = agent(only(objects, Deployment.class));
        Set<String> upstreamNames = UPSTREAM_ENV.stream().map(UpstreamEnv::name).collect(Collectors.toSet());

        assertThat(envNames(agent)).as("only names the agent, the image or upstream reads (typos)")
                .isSubsetOf(union(KNOWN_ENV, upstreamNames));
        for (UpstreamEnv e : UPSTREAM_ENV) {
            String what = overlay + " " + e.name() + " (" + e.readIn() + ")";
            switch (e.provided()) {
                case AGENT -> assertThat(KNOWN_ENV).as(what + ": the agent reads it").contains(e.name());
                case DOWNWARD_API -> assertThat(envVar(agent, e.name()).getValueFrom().getFieldRef().getFieldPath())
                        .as(what).isEqualTo(e.value());
                case VALUE -> assertThat(env(agent, e.name())).as(what).isEqualTo(e.value());
                case SECRET -> {
                    EnvVar v = envVar(agent, e.name());
                    assertThat(v.getValue()).as(what + ": never a literal").isNull();
                    var ref = v.getValueFrom().getSecretKeyRef();
                    assertThat(ref.getName()).as(what).isEqualTo(API_SECRET);
                    assertThat(ref.getKey()).as(what).isEqualTo(e.name());
                    assertThat(ref.getOptional()).as(what + ": pods start without the Secret").isTrue();
                }
                case UPSTREAM_DEFAULT -> assertThat(envNames(agent)).as(what + ": upstream's default").doesNotContain(
                        e.name());
            }
        }
        assertThat(env(agent, "IFACE_NAME")).as("upstream binds to the interface the agent watches")
                .isEqualTo(env(agent, "AGENT_SIDECAR_INTERFACE"));
        assertThat(all(objects, Secret.class)).as("the user creates " + API_SECRET).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"multi", "host-network"})
    void managerRunsWithTheGoDialectInTheOverlaysLayout(String overlay, @TempDir Path dir) throws IOException {
        Deployment deployment = only(withComponent(dir, overlay, COMPONENT), Deployment.class);
        Container agent = agent(deployment);

        assertThat(agent.getImage()).isEqualTo(agent(deployment(overlay)).getImage()
                .replace("netmaker-agent:", "netmaker-agent-upstream:"));
        assertThat(env(agent, "AGENT_CHILD_DIALECT")).isEqualTo("netmaker-go");
        // netmaker-go cannot carry a Lease name or namespace: upstream hard-codes the name and uses the
        // service-account namespace, which is the pod's (POD_NAMESPACE) in every pod.
        assertThat(envNames(agent)).doesNotContain("AGENT_LEADER_ELECTION_ID");
        assertThat(envVar(agent, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(agent.getArgs()).as("the agent passes upstream's flags itself").isNullOrEmpty();
        assertThat(agent.getCommand()).as("the image's entrypoint runs agent run -- /manager").isNullOrEmpty();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(deployment(overlay).getSpec().getReplicas());
    }

    private static String upstreamDefault(String name) {
        return UPSTREAM_ENV.stream().filter(e -> e.name().equals(name) && e.provided() == UPSTREAM_DEFAULT)
                .map(UpstreamEnv::value).findFirst().orElseThrow(() -> new AssertionError(name + " has no default"));
    }
}

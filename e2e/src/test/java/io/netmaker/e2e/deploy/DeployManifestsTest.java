package io.netmaker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netmaker.golang.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every overlay under deploy/ with {@code kubectl kustomize} and checks it against what the agent and the
 * operator need: strict fabric8 model (no unknown field), probes on declared named ports or exec, the agent's env
 * with downward-API sources, RBAC equal to the verbs the code uses, and each overlay's layout.
 */
class DeployManifestsTest {
    static final List<String> OVERLAYS = List.of("single", "multi", "host-network");

    /**
     * What the code uses, as "scope group/resource:verb[=name]" ("" is the core group; scope "namespace" = granted in
     * the operator's namespace by a RoleBinding, "cluster" = by a ClusterRoleBinding). Kept equal to
     * deploy/base/rbac.yaml, scope and resource names included: a namespaced grant cannot serve a cluster-wide list.
     */
    static final Set<String> REQUIRED_ACCESS = union(
            // agent: its own Pod and the Lease; operator: leader election, proxy pods, EndpointSlices, events. With the
            // default WATCH_NAMESPACE (the operator's own) every informer lists and watches in that namespace only.
            access("namespace",
                    "coordination.k8s.io", "leases", "get,list,watch,create,update,patch",
                    "", "pods", "get,list,watch,create,delete",
                    "", "services", "list,watch",
                    "discovery.k8s.io", "endpointslices", "get,create,patch,delete",
                    "", "events", "create"),
            // operator: API proxy in PROXY_MODE=auth impersonates exactly these (cluster-scoped resources)
            access("cluster",
                    "", "users", "impersonate=wireguard-peer",
                    "", "groups", "impersonate=system:authenticated,impersonate=wireguard-peers"));

    /** What the watch-all-namespaces component adds: the Service proxy access, cluster-wide (WATCH_NAMESPACE=""). */
    static final Set<String> ALL_NAMESPACES_ACCESS = access("cluster",
            "", "pods", "get,list,watch,create,delete",
            "", "services", "list,watch",
            "discovery.k8s.io", "endpointslices", "get,create,patch,delete",
            "", "events", "create");

    /** Every env var the agent reads (README configuration tables), plus the image's entrypoint and probe. */
    static final Set<String> KNOWN_ENV = Set.of(
            "POD_NAME", "POD_NAMESPACE", "POD_IP", "HOST_IP", "HEALTH_PROBE_PORT", "PROXY_PORT",
            "ENABLE_LEADER_ELECTION", "AGENT_PORT_STRATEGY", "AGENT_PORT_CONFLICT_POLICY", "AGENT_HOST_NETWORK",
            "AGENT_STATE_DIR", "AGENT_SHUTDOWN_GRACE", "AGENT_RESTART_POLICY", "AGENT_MAX_RESTARTS",
            "AGENT_CHILD_METRICS", "AGENT_LEADER_ELECTION_ID", "AGENT_READINESS_POLICY", "AGENT_SIDECAR_CONTAINER",
            "AGENT_SIDECAR_INTERFACE", "AGENT_SIDECAR_WAIT", "AGENT_SIDECAR_WAIT_TIMEOUT", "AGENT_SIDECAR_LOSS_POLICY",
            "AGENT_CHILD_DIALECT", "JAVA_OPTS_AGENT", "JAVA_OPTS_OPERATOR", "APP_HOME", "APP_OPERATOR", "PROBE_HOST",
            "PROBE_TIMEOUT_SECONDS");

    static final Map<String, Set<String>> ENUM_ENV = Map.of(
            "AGENT_PORT_STRATEGY", Set.of("auto", "hash", "fixed"),
            "AGENT_PORT_CONFLICT_POLICY", Set.of("next-free", "fail"),
            "AGENT_READINESS_POLICY", Set.of("always", "leader", "leader-or-standby"),
            "AGENT_SIDECAR_LOSS_POLICY", Set.of("unready", "restart", "step-down", "ignore"),
            "ENABLE_LEADER_ELECTION", Set.of("true", "false"),
            "AGENT_CHILD_DIALECT", Set.of("netmaker-go", "kubebuilder", "netmaker-java"),
            "AGENT_HOST_NETWORK", Set.of("true", "false"));

    static final Map<String, String> DOWNWARD_API = Map.of(
            "POD_NAME", "metadata.name",
            "POD_NAMESPACE", "metadata.namespace",
            "POD_IP", "status.podIP",
            "HOST_IP", "status.hostIP");

    /** Metrics the agent exports (health-and-metrics docs); alerts may use only these. */
    static final Set<String> AGENT_METRICS = Set.of(
            "netmaker_agent_leader", "netmaker_agent_port_conflicts_total", "netmaker_agent_sidecar_ready",
            "netmaker_agent_child_restarts_total", "netmaker_agent_child_up", "netmaker_agent_lease_renew_age_seconds");

    /** Lease release and JVM exit after the child's grace, and the native sidecar's stop, in the same budget. */
    static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

    static final Path REPO = Kustomize.repoRoot();
    private static final Map<String, String> RENDERED = new HashMap<>();

    @BeforeAll
    static void kubectlIsInstalled() {
        Kustomize.requireKubectl();
        Kustomize.render(REPO.resolve("deploy/base"));
    }

    static String rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> Kustomize.render(REPO.resolve("deploy/overlays").resolve(o)));
    }

    static List<HasMetadata> objects(String overlay) {
        try {
            return StrictManifests.parse(rendered(overlay));
        } catch (IOException e) {
            throw new AssertionError(overlay + ": " + e.getMessage(), e);
        }
    }

    // --- strict model -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi", "host-network"})
    void everyObjectDeserializesIntoTheFabric8ModelWithNoUnknownField(String overlay) throws IOException {
        List<HasMetadata> objects = StrictManifests.parse(rendered(overlay));

        assertThat(objects).extracting(HasMetadata::getKind)
                .contains("Namespace", "ServiceAccount", "Role", "RoleBinding", "Deployment");
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
        assertThat(objects).filteredOn(o -> !"Namespace".equals(o.getKind()) && !o.getKind().startsWith("Cluster"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("netmaker"));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "replica, /spec",
        "hostNetwrok, /spec/template/spec",
        "livenessprobe, /spec/template/spec/containers/0",
        "prot, /spec/template/spec/containers/0/readinessProbe",
        "valueform, /spec/template/spec/containers/0/env/0",
        "restartpolicy, /spec/template/spec/initContainers/0",
    })
    void strictParsingRejectsAFieldTheModelDoesNotKnow(String bogusField, String path) {
        JsonNode deployment = deploymentDocument("multi");
        ((ObjectNode) deployment.at(path)).put(bogusField, "typo");

        assertThatThrownBy(() -> StrictManifests.toModel(deployment))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("\"" + bogusField + "\"");

        // The stock fabric8 mapper keeps the typo in additionalProperties without a word: why the strict one exists.
        var stock = new KubernetesSerialization();
        Deployment lenient = stock.unmarshal(deployment.toString(), Deployment.class);
        assertThat(stock.convertValue(lenient, JsonNode.class).at(path).has(bogusField)).isTrue();
    }

    @Test
    void strictParsingStillReadsTheValues() throws IOException {
        Deployment deployment = (Deployment) StrictManifests.toModel(deploymentDocument("multi"));

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(agent(deployment).getResources().getLimits().get("memory").toString()).isEqualTo("384Mi");
        assertThat(agent(deployment).getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    }

    // --- probes ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi", "host-network"})
    void everyProbeUsesADeclaredNamedPortOrIsAnExecProbe(String overlay) {
        PodSpec pod = podSpec(overlay);
        Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).forEach(container -> {
            Set<String> declared = container.getPorts().stream()
                    .map(p -> p.getName()).filter(Objects::nonNull).collect(Collectors.toSet());
            for (Probe probe : probes(container)) {
                String where = overlay + " container " + container.getName();
                assertThat(probe.getGrpc()).as(where + ": grpc probes take a number, not a port name").isNull();
                if (probe.getExec() != null) {
                    assertThat(probe.getExec().getCommand()).as(where + " exec probe command").isNotEmpty();
                } else if (probe.getHttpGet() != null) {
                    assertThat(probe.getHttpGet().getPort().getStrVal()).as(where + " httpGet port")
                            .isNotNull().isIn(declared);
                } else {
                    assertThat(probe.getTcpSocket()).as(where + ": probe without a handler").isNotNull();
                    assertThat(probe.getTcpSocket().getPort().getStrVal()).as(where + " tcpSocket port")
                            .isNotNull().isIn(declared);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi"})
    void ownNetworkNamespaceOverlaysProbeTheNamedHealthPort(String overlay) {
        Container agent = agent(podSpec(overlay));

        assertThat(agent.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("health");
            assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(env(agent, "HEALTH_PROBE_PORT")));
        });
        assertThat(agent.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(env(agent, "AGENT_PORT_STRATEGY")).isEqualTo("fixed");
        assertThat(podSpec(overlay).getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void hostNetworkOverlayHashesPortsAndProbesThroughThePublishedPortsFile() {
        PodSpec pod = podSpec("host-network");
        Container agent = agent(pod);

        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
        // With hostNetwork a declared port is a host port: the scheduler would keep a second replica off the node.
        assertThat(agent.getPorts()).isEmpty();
        assertThat(envNames(agent)).doesNotContain("HEALTH_PROBE_PORT", "PROXY_PORT");
        assertThat(env(agent, "AGENT_PORT_STRATEGY")).isEqualTo("hash");
        assertThat(env(agent, "AGENT_HOST_NETWORK")).isEqualTo("true");
        assertThat(agent.getStartupProbe().getExec().getCommand()).containsExactly("/app/bin/probe", "healthz");
        assertThat(agent.getLivenessProbe().getExec().getCommand()).containsExactly("/app/bin/probe", "healthz");
        assertThat(agent.getReadinessProbe().getExec().getCommand()).containsExactly("/app/bin/probe", "readyz");
        assertThat(deployment("host-network").getSpec().getReplicas()).isEqualTo(3);
    }

    // --- env ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi", "host-network"})
    void agentEnvIsCompleteWithDownwardApiSources(String overlay) {
        PodSpec pod = podSpec(overlay);
        Container agent = agent(pod);

        DOWNWARD_API.forEach((name, field) -> assertThat(envVar(agent, name).getValueFrom().getFieldRef()
                .getFieldPath()).as(overlay + " " + name).isEqualTo(field));
        assertThat(envNames(agent)).as(overlay + ": only env the agent or the image reads (typos)")
                .isSubsetOf(KNOWN_ENV)
                .contains("AGENT_STATE_DIR", "AGENT_SHUTDOWN_GRACE", "AGENT_SIDECAR_CONTAINER",
                        "AGENT_SIDECAR_INTERFACE", "ENABLE_LEADER_ELECTION", "AGENT_PORT_STRATEGY");
        ENUM_ENV.forEach((name, allowed) -> {
            if (envNames(agent).contains(name)) {
                assertThat(env(agent, name)).as(overlay + " " + name).isIn(allowed);
            }
        });
        assertThat(pod.getInitContainers()).extracting(Container::getName)
                .as("AGENT_SIDECAR_CONTAINER names the sidecar").contains(env(agent, "AGENT_SIDECAR_CONTAINER"));
        // The agent publishes ports.json in AGENT_STATE_DIR: it must be on the writable emptyDir under a read-only root.
        assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(agent.getVolumeMounts()).anySatisfy(m -> {
            assertThat(env(agent, "AGENT_STATE_DIR")).startsWith(m.getMountPath());
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(m.getName());
                assertThat(v.getEmptyDir()).isNotNull();
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi", "host-network"})
    void terminationGraceCoversTheAgentShutdownGraceAndLeaseRelease(String overlay) {
        PodSpec pod = podSpec(overlay);
        Duration grace = goDuration(env(agent(pod), "AGENT_SHUTDOWN_GRACE"));

        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
                .isGreaterThanOrEqualTo(grace.plus(SHUTDOWN_MARGIN));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi", "host-network"})
    void netclientIsANativeSidecarGatedOnItsInterface(String overlay) {
        PodSpec pod = podSpec(overlay);
        Container agent = agent(pod);
        Container sidecar = pod.getInitContainers().stream()
                .filter(c -> c.getName().equals("netclient")).findFirst().orElseThrow();

        assertThat(sidecar.getImage()).isEqualTo("gravitl/netclient:v1.4.0");
        assertThat(sidecar.getRestartPolicy()).isEqualTo("Always");
        assertThat(String.join(" ", sidecar.getStartupProbe().getExec().getCommand()))
                .contains("/sys/class/net/" + env(agent, "AGENT_SIDECAR_INTERFACE"));
        var token = envVar(sidecar, "TOKEN").getValueFrom().getSecretKeyRef();
        assertThat(token.getName()).isEqualTo("netclient-token");
        assertThat(token.getKey()).isEqualTo("token");
        assertThat(sidecar.getSecurityContext().getCapabilities().getAdd()).contains("NET_ADMIN");
    }

    // --- RBAC -----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi", "host-network"})
    void rbacGrantsExactlyWhatTheAgentAndOperatorUse(String overlay) {
        List<HasMetadata> objects = objects(overlay);
        Deployment deployment = only(objects, Deployment.class);
        String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        String namespace = deployment.getMetadata().getNamespace();

        assertThat(only(objects, ServiceAccount.class).getMetadata().getName()).isEqualTo(account);
        Set<String> granted = grantedTo(objects, account, namespace);
        assertThat(granted).as("missing grants").containsAll(REQUIRED_ACCESS);
        assertThat(granted).as("grants beyond what the code uses (least privilege)").isSubsetOf(REQUIRED_ACCESS);
        assertThat(granted).noneMatch(g -> g.contains("secrets") || g.contains("*"));
    }

    @Test
    void watchAllNamespacesComponentGrantsOnlyServiceProxyAccess(@TempDir Path dir) throws IOException {
        List<HasMetadata> objects = withComponent(dir, "multi", "watch-all-namespaces");

        for (ClusterRoleBinding binding : all(objects, ClusterRoleBinding.class)) {
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getName()).isEqualTo("netmaker-operator");
                assertThat(s.getNamespace()).isEqualTo("netmaker");
            });
        }
        assertThat(grantedTo(objects, "netmaker-operator", "netmaker"))
                .isEqualTo(union(REQUIRED_ACCESS, ALL_NAMESPACES_ACCESS));
        assertThat(env(agent(only(objects, Deployment.class).getSpec().getTemplate().getSpec()), "WATCH_NAMESPACE"))
                .isNullOrEmpty();
    }

    @Test
    void kindOverlayIsTheMultiOverlayWithANetclientStandIn() throws IOException {
        List<HasMetadata> objects = StrictManifests.parse(Kustomize.render(REPO.resolve("e2e/kind/overlay")));
        Deployment deployment = only(objects, Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container sidecar = pod.getInitContainers().get(0);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(agent(pod).getImage()).isEqualTo("netmaker-agent:kind-e2e");
        assertThat(sidecar.getName()).isEqualTo(env(agent(pod), "AGENT_SIDECAR_CONTAINER"));
        assertThat(String.join(" ", sidecar.getCommand())).contains("ip link add netmaker");
        assertThat(sidecar.getStartupProbe()).isEqualTo(podSpec("multi").getInitContainers().get(0).getStartupProbe());
        assertThat(objects).anySatisfy(o -> {
            assertThat(o.getKind()).isEqualTo("Secret");
            assertThat(o.getMetadata().getName()).isEqualTo("netclient-token");
            assertThat(o.getMetadata().getNamespace()).isEqualTo("netmaker");
        });
        assertThat(grantedTo(objects, "netmaker-operator", "netmaker")).isEqualTo(REQUIRED_ACCESS);
    }

    // --- upstream Go operator: UpstreamOperatorComponentTest ------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"single", "multi", "host-network"})
    void ourOperatorIsRunWithTheJavaDialect(String overlay) {
        assertThat(env(agent(podSpec(overlay)), "AGENT_CHILD_DIALECT")).isEqualTo("netmaker-java");
    }

    /** Renders {@code overlay} with {@code component} added, as a user's own kustomization would. */
    static List<HasMetadata> withComponent(Path dir, String overlay, String component) throws IOException {
        // kustomize accepts only relative paths to other kustomizations
        Files.writeString(dir.resolve("kustomization.yaml"), String.join("\n",
                "apiVersion: kustomize.config.k8s.io/v1beta1",
                "kind: Kustomization",
                "resources: [" + dir.relativize(REPO.resolve("deploy/overlays").resolve(overlay)) + "]",
                "components: [" + dir.relativize(REPO.resolve("deploy/components").resolve(component)) + "]", ""));
        return StrictManifests.parse(Kustomize.render(dir));
    }

    // --- overlay layout -------------------------------------------------------------------------------------

    @Test
    void singleRunsOneReplica() {
        assertThat(deployment("single").getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void multiSpreadsThreeReplicasWithPreferredAntiAffinity() {
        Deployment deployment = deployment("multi");
        var terms = deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(terms).anySatisfy(t -> {
            assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(podLabels).containsAllEntriesOf(t.getPodAffinityTerm().getLabelSelector().getMatchLabels());
        });
        assertThat(deployment.getSpec().getTemplate().getSpec().getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void monitoringScrapesTheHealthPortAndAlertsOnAgentMetrics() {
        List<JsonNode> docs = StrictManifests.documents(Kustomize.render(REPO.resolve("deploy/monitoring")));
        JsonNode podMonitor = docs.stream().filter(d -> d.path("kind").asText().equals("PodMonitor"))
                .findFirst().orElseThrow();
        JsonNode rule = docs.stream().filter(d -> d.path("kind").asText().equals("PrometheusRule"))
                .findFirst().orElseThrow();
        Deployment multi = deployment("multi");

        assertThat(podMonitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("health");
        assertThat(agent(multi).getPorts()).extracting(p -> p.getName()).contains("health");
        podMonitor.at("/spec/selector/matchLabels").fields().forEachRemaining(e -> assertThat(
                multi.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(e.getKey(), e.getValue().asText()));

        Map<String, JsonNode> alerts = new HashMap<>();
        rule.at("/spec/groups").forEach(g -> g.path("rules").forEach(r -> alerts.put(r.path("alert").asText(), r)));
        assertThat(alerts).containsKeys("NetmakerNoLeader", "NetmakerPortConflicts", "NetmakerSidecarDown",
                "NetmakerOperatorCrashLooping");
        assertThat(alerts.get("NetmakerNoLeader").path("for").asText()).isEqualTo("1m");
        Matcher metric = Pattern.compile("netmaker_[a-z_]+").matcher(
                alerts.values().stream().map(a -> a.path("expr").asText()).collect(Collectors.joining(" ")));
        while (metric.find()) {
            assertThat(metric.group()).as("alerts use only metrics the agent exports").isIn(AGENT_METRICS);
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** {@code scope} then triples of group, resource, comma-separated verbs (each optionally {@code verb=name}). */
    static Set<String> access(String scope, String... groupResourceVerbs) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < groupResourceVerbs.length; i += 3) {
            for (String verb : groupResourceVerbs[i + 2].split(",")) {
                out.add(scope + " " + groupResourceVerbs[i] + "/" + groupResourceVerbs[i + 1] + ":" + verb);
            }
        }
        return out;
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        Set<String> out = new TreeSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return out;
    }

    static Set<String> grantedTo(List<HasMetadata> objects, String account, String namespace) {
        Set<String> granted = new TreeSet<>();
        for (RoleBinding binding : all(objects, RoleBinding.class)) {
            if (binds(binding.getSubjects(), account, namespace)) {
                Class<? extends HasMetadata> kind = "Role".equals(binding.getRoleRef().getKind())
                        ? Role.class : ClusterRole.class;
                granted.addAll(rulesOf(objects, kind, binding.getRoleRef().getName(), "namespace"));
            }
        }
        for (ClusterRoleBinding binding : all(objects, ClusterRoleBinding.class)) {
            if (binds(binding.getSubjects(), account, namespace)) {
                granted.addAll(rulesOf(objects, ClusterRole.class, binding.getRoleRef().getName(), "cluster"));
            }
        }
        return granted;
    }

    static boolean binds(List<Subject> subjects, String account, String namespace) {
        return subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                && account.equals(s.getName()) && namespace.equals(s.getNamespace()));
    }

    static Set<String> rulesOf(List<HasMetadata> objects, Class<? extends HasMetadata> kind, String name,
            String scope) {
        HasMetadata role = all(objects, kind).stream().filter(r -> r.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kind.getSimpleName() + " " + name + " not found"));
        List<PolicyRule> rules = role instanceof Role r ? r.getRules() : ((ClusterRole) role).getRules();
        Set<String> out = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        String prefix = scope + " " + group + "/" + resource + ":" + verb;
                        if (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()) {
                            out.add(prefix);
                        } else {
                            rule.getResourceNames().forEach(n -> out.add(prefix + "=" + n));
                        }
                    }
                }
            }
        }
        return out;
    }

    static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T> T only(List<HasMetadata> objects, Class<T> type) {
        assertThat(all(objects, type)).as(type.getSimpleName()).hasSize(1);
        return all(objects, type).get(0);
    }

    static JsonNode deploymentDocument(String overlay) {
        return StrictManifests.documents(rendered(overlay)).stream()
                .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    }

    static Deployment deployment(String overlay) {
        return only(objects(overlay), Deployment.class);
    }

    static PodSpec podSpec(String overlay) {
        return deployment(overlay).getSpec().getTemplate().getSpec();
    }

    static Container agent(Deployment deployment) {
        return agent(deployment.getSpec().getTemplate().getSpec());
    }

    static Container agent(PodSpec pod) {
        return pod.getContainers().stream().filter(c -> c.getName().equals("agent")).findFirst()
                .orElseThrow(() -> new AssertionError("no container named agent"));
    }

    static List<Probe> probes(Container c) {
        return Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())
                .filter(Objects::nonNull).toList();
    }

    static Set<String> envNames(Container c) {
        return c.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
    }

    static EnvVar envVar(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
    }

    static String env(Container c, String name) {
        return envVar(c, name).getValue();
    }

    /** Go-style durations as the agent reads them: 8s, 500ms, 1m30s. */
    static Duration goDuration(String text) {
        return GoDuration.parse(text);
    }
}

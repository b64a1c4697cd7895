package io.netmaker.e2e.target;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.HttpProbe;
import io.netmaker.e2e.sandbox.Kubeconfig;
import io.netmaker.e2e.sandbox.LeaseView;
import io.netmaker.e2e.sandbox.PodKubelet;
import io.netmaker.e2e.sandbox.PortHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The kind target (used by {@code e2e/kind/run.sh} with {@code -De2e.target=kind}): the deployed replicas through the
 * Kubernetes API, {@code exec} into the agent's container and port-forwards to the agents' health ports.
 * System properties: {@code e2e.kubeconfig} (default: fabric8's auto-configuration), {@code e2e.namespace} (default
 * {@code netmaker}), {@code e2e.selector} (default {@code app.kubernetes.io/name=netmaker-operator}),
 * {@code e2e.container} (default: the Pod's first container other than {@code netclient}), {@code e2e.healthPort}
 * (default: the container's {@code HEALTH_PROBE_PORT}, else the hashed port under {@code hostNetwork}, else the
 * container port named {@code health}, else 8081). The image needs {@code sh} and {@code kill}.
 */
public final class KindTarget implements Target {
    private final KubernetesClient client = new KubernetesClientBuilder().withConfig(config()).build();
    private final String namespace = System.getProperty("e2e.namespace", "netmaker");
    private final String selector = System.getProperty("e2e.selector", PodKubelet.APP_LABEL + "=" + PodKubelet.APP);
    private final LeaseView lease = new LeaseView(client, namespace, LeaseView.LEASE_NAME);

    private static Config config() {
        String file = System.getProperty("e2e.kubeconfig");
        return file == null || file.isBlank() ? Config.autoConfigure(null) : Kubeconfig.clientConfig(Path.of(file));
    }

    @Override
    public String apiServer() {
        return "kube-apiserver";
    }

    @Override
    public String name() {
        return "kind";
    }

    @Override
    public List<String> replicas() {
        String[] kv = selector.split("=", 2);
        return client.pods().inNamespace(namespace).withLabel(kv[0], kv[1]).list().getItems().stream()
                .map(p -> p.getMetadata().getName()).sorted(Comparator.naturalOrder()).toList();
    }

    @Override
    public Optional<String> leader() {
        return lease.holder();
    }

    @Override
    public HttpProbe.Result http(String replica, String path) {
        int port = Integer.getInteger("e2e.healthPort", healthPort(pod(replica).get()));
        try (LocalPortForward forward = pod(replica).portForward(port)) {
            return HttpProbe.get("127.0.0.1", forward.getLocalPort(), path);
        } catch (IOException e) {
            return new HttpProbe.Result(0, e.toString());
        }
    }

    @Override
    public long killOperator(String replica, String signal) {
        long pid = AgentStatus.parse(http(replica, "/status").body()).flatMap(s -> {
            var p = s.childPid();
            return p.isPresent() ? Optional.of(p.getAsLong()) : Optional.empty();
        }).orElseThrow(() -> new IllegalStateException(replica + ": /status has no child pid"));
        exec(replica, "kill -s " + signal + " " + pid);
        return pid;
    }

    @Override
    public AgentStop stopAgent(String replica) {
        int restarts = manager(replica).map(ContainerStatus::getRestartCount).orElse(0);
        exec(replica, "kill -s TERM 1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<ContainerStatus> status = manager(replica);
            if (status.isPresent() && status.get().getRestartCount() > restarts
                    && status.get().getLastState() != null && status.get().getLastState().getTerminated() != null) {
                // the container is gone with all its processes: nothing can be left behind
                return new AgentStop(OptionalInt.of(status.get().getLastState().getTerminated().getExitCode()), Set.of());
            }
            sleep(500);
        }
        return new AgentStop(OptionalInt.empty(), Set.of());
    }

    /**
     * Edits the {@code netclient} status (a native sidecar is in {@code initContainerStatuses}). The kubelet writes its
     * own view back at its next status sync, so the scenario reads the agent's reaction right after the edit.
     */
    @Override
    public void setSidecarReady(String replica, boolean ready) {
        pod(replica).editStatus(p -> {
            Stream.concat(p.getStatus().getContainerStatuses().stream(), p.getStatus().getInitContainerStatuses().stream())
                    .filter(c -> PodKubelet.SIDECAR.equals(c.getName()))
                    .forEach(c -> c.setReady(ready));
            return p;
        });
    }

    @Override
    public Optional<Boolean> operatorLeading(String replica) {
        return Optional.empty(); // the operator's metrics port is not forwarded; the agents' flags are sampled instead
    }

    private static int healthPort(Pod pod) {
        Container agent = agentContainer(pod);
        Optional<Integer> fromEnv = agent.getEnv().stream()
                .filter(e -> "HEALTH_PROBE_PORT".equals(e.getName()) && e.getValue() != null && e.getValue().matches("\\d+"))
                .map(e -> Integer.parseInt(e.getValue())).findFirst();
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return PortHash.healthPort(pod.getMetadata().getName());
        }
        return agent.getPorts().stream().filter(p -> "health".equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(PortHash.HEALTH_BASE);
    }

    private static Container agentContainer(Pod pod) {
        String name = System.getProperty("e2e.container");
        return pod.getSpec().getContainers().stream()
                .filter(c -> name == null ? !PodKubelet.SIDECAR.equals(c.getName()) : name.equals(c.getName()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no agent container in " + pod.getMetadata().getName()));
    }

    private PodResource pod(String name) {
        return client.pods().inNamespace(namespace).withName(name);
    }

    private Optional<ContainerStatus> manager(String replica) {
        Pod pod = pod(replica).get();
        if (pod == null || pod.getStatus() == null) {
            return Optional.empty();
        }
        String agent = agentContainer(pod).getName();
        return pod.getStatus().getContainerStatuses().stream().filter(c -> agent.equals(c.getName())).findFirst();
    }

    private void exec(String replica, String command) {
        String container = agentContainer(pod(replica).get()).getName();
        try (ExecWatch watch = pod(replica).inContainer(container).redirectingOutput().exec("sh", "-c", command)) {
            int code = watch.exitCode().get(20, TimeUnit.SECONDS);
            if (code != 0) {
                throw new IllegalStateException(replica + ": '" + command + "' exited " + code);
            }
        } catch (Exception e) {
            throw new IllegalStateException(replica + ": exec '" + command + "' failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

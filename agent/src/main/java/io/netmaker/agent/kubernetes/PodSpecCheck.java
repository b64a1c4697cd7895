package io.netmaker.agent.kubernetes;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares the agent's own Pod with what the agent resolved and returns warnings (never blocks): a {@code health}
 * port or a probe on another port than the resolved health port, host networking where replicas can share a node
 * with fixed ports, and a termination grace period too short for the child's stop plus the Lease release.
 */
public final class PodSpecCheck {
    static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";
    /** Kubernetes' default {@code terminationGracePeriodSeconds}. */
    static final long DEFAULT_GRACE_SECONDS = 30;

    private PodSpecCheck() {}

    public static List<String> warnings(Pod pod, PodFacts facts) {
        List<String> out = new ArrayList<>();
        if (pod == null || pod.getSpec() == null) {
            return out;
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (facts.sidecarContainer().equals(c.getName())) {
                continue;
            }
            healthPortWarnings(c, facts.healthPort(), out);
        }
        hostNetworkWarning(pod, facts).ifPresent(out::add);
        long grace = Optional.ofNullable(pod.getSpec().getTerminationGracePeriodSeconds()).orElse(DEFAULT_GRACE_SECONDS);
        Duration needed = facts.shutdownGrace().plus(facts.leaseRelease());
        if (Duration.ofSeconds(grace).compareTo(needed) < 0) {
            out.add("terminationGracePeriodSeconds=" + grace + " is shorter than the agent's shutdown grace ("
                    + facts.shutdownGrace().toMillis() + " ms) plus the Lease release (" + facts.leaseRelease().toMillis()
                    + " ms): kubelet may kill the agent before the child stopped and the Lease was released;"
                    + " raise it to at least " + (needed.toMillis() + 999) / 1000 + "s");
        }
        return out;
    }

    private static void healthPortWarnings(Container c, int healthPort, List<String> out) {
        Integer named = null;
        for (ContainerPort p : listOf(c.getPorts())) {
            if ("health".equals(p.getName())) {
                named = p.getContainerPort();
                if (!Objects.equals(p.getContainerPort(), healthPort)) {
                    out.add("container " + c.getName() + " declares port health=" + p.getContainerPort()
                            + " but the agent serves probes on " + healthPort
                            + ": probes on the named port miss the agent (set HEALTH_PROBE_PORT or fix the port)");
                }
            }
        }
        Map<String, Probe> probes = new java.util.LinkedHashMap<>();
        probes.put("livenessProbe", c.getLivenessProbe());
        probes.put("readinessProbe", c.getReadinessProbe());
        probes.put("startupProbe", c.getStartupProbe());
        for (Map.Entry<String, Probe> e : probes.entrySet()) {
            Probe probe = e.getValue();
            if (probe == null || probe.getHttpGet() == null || probe.getHttpGet().getPort() == null) {
                continue;
            }
            IntOrString port = probe.getHttpGet().getPort();
            Integer target = port.getIntVal() != null ? port.getIntVal() : "health".equals(port.getStrVal()) ? named : null;
            if (target != null && target != healthPort) {
                out.add("container " + c.getName() + " " + e.getKey() + " targets port " + port.getValue()
                        + " (" + target + ") but the agent serves probes on " + healthPort);
            }
        }
    }

    private static Optional<String> hostNetworkWarning(Pod pod, PodFacts facts) {
        if (!Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) || facts.portsPerPod()) {
            return Optional.empty();
        }
        Optional<OwnerReference> owner = listOf(pod.getMetadata().getOwnerReferences()).stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
        if (owner.isEmpty() || requiresOnePerNode(pod.getSpec().getAffinity())) {
            return Optional.empty();
        }
        return Optional.of("hostNetwork is on and replicas of " + owner.get().getKind() + "/" + owner.get().getName()
                + " can land on one node (no required pod anti-affinity on " + HOSTNAME_TOPOLOGY
                + "), but the ports are fixed (health port from " + facts.portSource() + "): they will compete for"
                + " the same ports; let the agent hash them (POD_NAME set, AGENT_PORT_STRATEGY=auto or hash)");
    }

    private static boolean requiresOnePerNode(Affinity affinity) {
        if (affinity == null || affinity.getPodAntiAffinity() == null) {
            return false;
        }
        List<PodAffinityTerm> terms =
                listOf(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        return terms.stream().anyMatch(t -> HOSTNAME_TOPOLOGY.equals(t.getTopologyKey()));
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }
}

package io.netmaker.agent.kubernetes;

import io.netmaker.agent.kubernetes.PodView.Affinity;
import io.netmaker.agent.kubernetes.PodView.Container;
import io.netmaker.agent.kubernetes.PodView.ContainerPort;
import io.netmaker.agent.kubernetes.PodView.OwnerReference;
import io.netmaker.agent.kubernetes.PodView.PortRef;
import io.netmaker.agent.kubernetes.PodView.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares the agent's own Pod (its {@link PodView}) with what the agent resolved and returns warnings (never
 * blocks): a {@code health} port or a probe on another port than the resolved health port, host networking where
 * replicas can share a node with fixed ports, and a termination grace period too short for the child's stop plus the
 * Lease release.
 */
public final class PodSpecCheck {
    static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";
    /** Kubernetes' default {@code terminationGracePeriodSeconds}. */
    static final long DEFAULT_GRACE_SECONDS = 30;

    private PodSpecCheck() {}

    public static List<String> warnings(PodView pod, PodFacts facts) {
        List<String> out = new ArrayList<>();
        if (pod == null || pod.spec() == null) {
            return out;
        }
        for (Container c : pod.spec().containers()) {
            if (facts.sidecarContainer().equals(c.name())) {
                continue;
            }
            healthPortWarnings(c, facts.healthPort(), out);
        }
        hostNetworkWarning(pod, facts).ifPresent(out::add);
        long grace = Optional.ofNullable(pod.spec().terminationGracePeriodSeconds()).orElse(DEFAULT_GRACE_SECONDS);
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
        for (ContainerPort p : c.ports()) {
            if ("health".equals(p.name())) {
                named = p.containerPort();
                if (!Objects.equals(p.containerPort(), healthPort)) {
                    out.add("container " + c.name() + " declares port health=" + p.containerPort()
                            + " but the agent serves probes on " + healthPort
                            + ": probes on the named port miss the agent (set HEALTH_PROBE_PORT or fix the port)");
                }
            }
        }
        Map<String, Probe> probes = new java.util.LinkedHashMap<>();
        probes.put("livenessProbe", c.livenessProbe());
        probes.put("readinessProbe", c.readinessProbe());
        probes.put("startupProbe", c.startupProbe());
        for (Map.Entry<String, Probe> e : probes.entrySet()) {
            Probe probe = e.getValue();
            if (probe == null || probe.httpGet() == null || probe.httpGet().port() == null) {
                continue;
            }
            PortRef port = probe.httpGet().port();
            Integer target = port.number() != null ? port.number() : "health".equals(port.name()) ? named : null;
            if (target != null && target != healthPort) {
                out.add("container " + c.name() + " " + e.getKey() + " targets port " + port
                        + " (" + target + ") but the agent serves probes on " + healthPort);
            }
        }
    }

    private static Optional<String> hostNetworkWarning(PodView pod, PodFacts facts) {
        if (!Boolean.TRUE.equals(pod.spec().hostNetwork()) || facts.portsPerPod()) {
            return Optional.empty();
        }
        Optional<OwnerReference> owner = pod.metadata().ownerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.controller())).findFirst();
        if (owner.isEmpty() || requiresOnePerNode(pod.spec().affinity())) {
            return Optional.empty();
        }
        return Optional.of("hostNetwork is on and replicas of " + owner.get().kind() + "/" + owner.get().name()
                + " can land on one node (no required pod anti-affinity on " + HOSTNAME_TOPOLOGY
                + "), but the ports are fixed (health port from " + facts.portSource() + "): they will compete for"
                + " the same ports; let the agent hash them (POD_NAME set, AGENT_PORT_STRATEGY=auto or hash)");
    }

    private static boolean requiresOnePerNode(Affinity affinity) {
        if (affinity == null || affinity.podAntiAffinity() == null) {
            return false;
        }
        return affinity.podAntiAffinity().requiredDuringSchedulingIgnoredDuringExecution().stream()
                .anyMatch(t -> HOSTNAME_TOPOLOGY.equals(t.topologyKey()));
    }
}

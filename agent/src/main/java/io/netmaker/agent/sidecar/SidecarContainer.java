package io.netmaker.agent.sidecar;

import io.netmaker.agent.kubernetes.PodView;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sidecar container as the Pod reports it. A native sidecar is an init container with
 * {@code restartPolicy: Always}; its status is under {@code initContainerStatuses}.
 *
 * @param ready the container's ready flag
 * @param restarts its restart count
 * @param waitingReason why it is waiting (e.g. CrashLoopBackOff), or null
 * @param terminatedReason why it last terminated (current state), or null
 */
public record SidecarContainer(boolean ready, int restarts, String waitingReason, String terminatedReason) {

    /** The sidecar's status in the pod; empty when the pod declares no such container (as sidecar). */
    public static Optional<SidecarContainer> of(PodView pod, String name) {
        if (pod == null || pod.spec() == null || !declared(pod.spec(), name)) {
            return Optional.empty();
        }
        Stream<PodView.ContainerStatus> statuses = pod.status() == null ? Stream.empty() : Stream.concat(
                pod.status().containerStatuses().stream(), pod.status().initContainerStatuses().stream());
        return Optional.of(statuses.filter(s -> name.equals(s.name())).findFirst()
                .map(SidecarContainer::from)
                .orElse(new SidecarContainer(false, 0, "NoStatusYet", null)));
    }

    static boolean declared(PodView.Spec spec, String name) {
        boolean regular = spec.containers().stream().anyMatch(c -> name.equals(c.name()));
        boolean nativeSidecar = spec.initContainers().stream()
                .anyMatch(c -> name.equals(c.name()) && "Always".equals(c.restartPolicy()));
        return regular || nativeSidecar;
    }

    private static SidecarContainer from(PodView.ContainerStatus s) {
        var state = s.state();
        String waiting = state != null && state.waiting() != null ? state.waiting().reason() : null;
        String terminated = state != null && state.terminated() != null ? state.terminated().reason() : null;
        return new SidecarContainer(Boolean.TRUE.equals(s.ready()),
                s.restartCount() == null ? 0 : s.restartCount(), waiting, terminated);
    }

    /** A short reason for a failed check. */
    String describe(String name) {
        StringBuilder out = new StringBuilder("container ").append(name).append(ready ? " ready" : " not ready");
        if (waitingReason != null) {
            out.append(" (waiting: ").append(waitingReason).append(')');
        }
        if (terminatedReason != null) {
            out.append(" (terminated: ").append(terminatedReason).append(')');
        }
        return out.toString();
    }
}

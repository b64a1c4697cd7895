package io.netmaker.agent.sidecar;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
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
    public static Optional<SidecarContainer> of(Pod pod, String name) {
        if (pod == null || pod.getSpec() == null || !declared(pod, name)) {
            return Optional.empty();
        }
        List<ContainerStatus> statuses = pod.getStatus() == null ? List.of() : Stream.concat(
                listOf(pod.getStatus().getContainerStatuses()), listOf(pod.getStatus().getInitContainerStatuses()))
                .toList();
        return Optional.of(statuses.stream().filter(s -> name.equals(s.getName())).findFirst()
                .map(SidecarContainer::from)
                .orElse(new SidecarContainer(false, 0, "NoStatusYet", null)));
    }

    static boolean declared(Pod pod, String name) {
        boolean regular = listOf(pod.getSpec().getContainers()).anyMatch(c -> name.equals(c.getName()));
        boolean nativeSidecar = listOf(pod.getSpec().getInitContainers())
                .anyMatch(c -> name.equals(c.getName()) && "Always".equals(c.getRestartPolicy()));
        return regular || nativeSidecar;
    }

    private static SidecarContainer from(ContainerStatus s) {
        var state = s.getState();
        String waiting = state != null && state.getWaiting() != null ? state.getWaiting().getReason() : null;
        String terminated = state != null && state.getTerminated() != null ? state.getTerminated().getReason() : null;
        return new SidecarContainer(Boolean.TRUE.equals(s.getReady()),
                s.getRestartCount() == null ? 0 : s.getRestartCount(), waiting, terminated);
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

    private static <T> Stream<T> listOf(List<T> list) {
        return list == null ? Stream.empty() : list.stream();
    }
}

/**
 * The agent's use of the Kubernetes API: leader and sidecar awareness plugged in as one extension
 * ({@link io.netmaker.agent.kubernetes.KubernetesAwareness}, the composition of this part: the only place that
 * builds the election and sidecar objects and connects them to each other and to the agent), informers on single named objects that never give up
 * ({@link io.netmaker.agent.kubernetes.ObjectWatch}), and start-up warnings about the Pod spec and missing RBAC
 * verbs ({@link io.netmaker.agent.kubernetes.PodSpecCheck}, {@link io.netmaker.agent.kubernetes.AccessCheck}).
 * The agent's own Pod is read (watched, got) as a generic {@code pods} resource and decoded into the few fields it
 * needs ({@link io.netmaker.agent.kubernetes.PodView}), never into fabric8's Pod model; the client maps JSON without
 * fabric8's scan of every model class ({@code KubernetesAwareness.serialization()}).
 *
 * <p>Invariants: nothing here blocks the child's start except the sidecar wait gate; an unreachable API server
 * makes state "unknown" (and readiness says so) but never stops the agent or the child; warnings never fail
 * start-up; watches retry with back-off and log once per outage; every thread is a named daemon.
 *
 * <p>Callers: {@code Main.extensions()} lists {@code KubernetesAwareness.inCluster()}, which the CLI configures and
 * lets contribute for every run (outside a pod it reports its parts off); the election and sidecar packages get
 * their client and watches from here.
 */
package io.netmaker.agent.kubernetes;

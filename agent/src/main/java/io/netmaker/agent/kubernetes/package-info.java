/**
 * The agent's access to the Kubernetes API, below the parts that use it: the one client and background thread
 * ({@link io.netmaker.agent.kubernetes.Cluster}), informers on single named objects that never give up
 * ({@link io.netmaker.agent.kubernetes.ObjectWatch}), and start-up warnings about the Pod spec and missing RBAC
 * verbs ({@link io.netmaker.agent.kubernetes.PodSpecCheck}, {@link io.netmaker.agent.kubernetes.AccessCheck}).
 * The agent's own Pod is read (watched, got) as a generic {@code pods} resource and decoded into the few fields it
 * needs ({@link io.netmaker.agent.kubernetes.PodView}), never into fabric8's Pod model; the client maps JSON without
 * fabric8's scan of every model class ({@code Cluster.serialization()}).
 *
 * <p>Invariants: nothing here blocks the child's start except the sidecar wait gate; an unreachable API server
 * makes state "unknown" (and readiness says so) but never stops the agent or the child; warnings never fail
 * start-up; watches retry with back-off and log once per outage; every thread is a named daemon.
 *
 * <p>Callers: {@code io.netmaker.agent.Agent} makes the {@code Cluster} and runs the pod-spec report
 * ({@link io.netmaker.agent.kubernetes.PodSpecReport}); the election and sidecar packages get their client and
 * watches from here. Nothing here imports them.
 */
package io.netmaker.agent.kubernetes;

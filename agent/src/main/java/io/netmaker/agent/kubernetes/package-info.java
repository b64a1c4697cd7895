/**
 * The agent's use of the Kubernetes API: leader and sidecar awareness plugged in as one extension
 * ({@link io.netmaker.agent.kubernetes.KubernetesAwareness}), informers on single named objects that never give up
 * ({@link io.netmaker.agent.kubernetes.ObjectWatch}), and start-up warnings about the Pod spec and missing RBAC
 * verbs ({@link io.netmaker.agent.kubernetes.PodSpecCheck}, {@link io.netmaker.agent.kubernetes.AccessCheck}).
 *
 * <p>Invariants: nothing here blocks the child's start except the sidecar wait gate; an unreachable API server
 * makes state "unknown" (and readiness says so) but never stops the agent or the child; warnings never fail
 * start-up; watches retry with back-off and log once per outage; every thread is a named daemon.
 *
 * <p>Callers: the CLI adds the extension when running in a pod; the election and sidecar packages get their
 * clients and watches from here.
 */
package io.netmaker.agent.kubernetes;

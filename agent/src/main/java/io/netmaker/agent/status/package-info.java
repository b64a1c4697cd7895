/**
 * The one contract every part of the agent shares with the HTTP side: a named {@code /status} section
 * ({@link io.netmaker.agent.status.StatusSection}). It lives apart from {@code http} so that the parts that report
 * (election, sidecar, the Kubernetes checks) need not import the server, and the server none of them.
 *
 * <p>Invariants: no dependencies; a snapshot is taken on the request thread and must not block.
 */
package io.netmaker.agent.status;

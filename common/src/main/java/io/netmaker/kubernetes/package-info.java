/**
 * Informer plumbing the agent and the operator share: {@link io.netmaker.kubernetes.ObjectEvents}, the informer's
 * three callbacks folded into one consumer, either as one named object's latest state (the agent's
 * {@code ObjectWatch} on its Lease and Pod, the operator's Lease watch that re-acquires at once after a release) or
 * as every event's object (the operator's controllers, which enqueue keys).
 *
 * <p>Invariants: no state, no threads, no client: the caller makes and starts the informer. fabric8's client API is
 * a provided dependency of this module, so each consumer keeps the client it declares (the agent its lean one).
 *
 * <p>Callers: agent and operator main code. It lives in the common module for the reason {@code io.netmaker.golang}
 * does; it uses nothing of {@code io.netmaker.healthz}.
 */
package io.netmaker.kubernetes;

/**
 * Background threads as the agent, the operator and the sandbox make them.
 *
 * <p>Owns {@link io.netmaker.concurrent.DaemonThreads}: single-thread executors on named daemon threads, and the one
 * bound on waiting for them at shutdown (five seconds). Invariants: every thread is a daemon (a stuck task never keeps
 * a process from exiting: the exit code is decided by the code that stops, not by a leftover thread) and carries its
 * owner's name for thread dumps; no state.
 *
 * <p>Callers: any class of agent, operator or e2e. It lives in the common module for the reason
 * {@code io.netmaker.golang} does (the one module all three depend on); it uses nothing of {@code io.netmaker.healthz}.
 */
package io.netmaker.concurrent;

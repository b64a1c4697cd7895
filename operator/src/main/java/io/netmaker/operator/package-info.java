/**
 * The Java operator's composition root and entry point: parse once ({@link io.netmaker.operator.Main}, exit 2 on any
 * error), then wire and run ({@link io.netmaker.operator.Operator}) in controller-runtime's manager order: probe and
 * metrics servers, the API proxy on every replica, leader election, and the controllers only while leading.
 *
 * <p>Invariants: exit codes are the Go operator's (0 after SIGTERM with the Lease released, 1 on a lost Lease or a
 * proxy port in use, 2 on bad flags or env); probes serve before election and even without an API server; nothing
 * here decides policy that a subpackage owns, it only orders start and stop. {@code io.netmaker.kubernetes.Informers}
 * (common module) is the shared
 * plumbing of informer start with retries; named daemon threads and bounded executor shutdown come from
 * {@code io.netmaker.concurrent.DaemonThreads} (common module, shared with the agent).
 *
 * <p>Callers: the JVM ({@code Main}) and tests; the agent starts this program as a child process, never in-process.
 */
package io.netmaker.operator;

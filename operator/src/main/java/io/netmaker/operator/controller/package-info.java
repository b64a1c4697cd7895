/**
 * The Service proxy controllers (egress and ingress) of the Go operator: Service annotations become proxy pods
 * ({@code netclient} plus a {@code socat} forwarder), kept in step by informers and one work queue.
 *
 * <p>Invariants: reconciles are idempotent and keyed by {@code namespace/service}; the desired state is computed by
 * pure functions ({@link io.netmaker.operator.controller.DesiredProxies},
 * {@link io.netmaker.operator.controller.ProxyPods}, {@link io.netmaker.operator.controller.ProxyScripts}) and a pod
 * is replaced only when its spec hash changes; the {@link io.netmaker.operator.controller.WorkQueue} runs a key at
 * most once at a time and retries failures with per-key exponential back-off; writes happen only while this replica
 * may write (it leads, or election is off).
 *
 * <p>Callers: the composition root starts the controllers when leading and stops them on a lost Lease.
 */
package io.netmaker.operator.controller;

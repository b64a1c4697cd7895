/**
 * The Go operator's Kubernetes API proxy ({@code proxy.StartK8sProxy}), served on every replica: {@code /api},
 * {@code /apis}, {@code /version} and {@code /metrics} forwarded to the API server with the operator's credentials,
 * {@code /health} and {@code /ready} answered locally, responses streamed so watches work, and ended within
 * seconds when their client goes away ({@code ClientGoneWatch}, Linux only).
 *
 * <p>Invariants: it never listens on every interface by default (the WireGuard interface's IPv4 address, or
 * {@code PROXY_BIND_IP} when set); without that address it does not listen, its readiness check says why, and it
 * retries; a port in use is fatal (exit 1 with Go's {@code bind: address already in use}). Interface lookup is
 * injected ({@link io.netmaker.operator.proxy.InterfaceAddresses}) so tests need no interface.
 *
 * <p>Callers: the composition root starts and stops it; nothing else reaches into it.
 */
package io.netmaker.operator.proxy;

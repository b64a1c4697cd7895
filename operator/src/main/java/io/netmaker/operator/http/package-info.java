/**
 * The operator's own HTTP servers, as controller-runtime's manager runs them: the health probe server
 * ({@code /healthz}, {@code /readyz} from the shared common module) and the metrics server ({@code /metrics}), each
 * on a controller-runtime bind address ({@code :PORT}, {@code HOST:PORT} or {@code 0} for off).
 *
 * <p>Invariants: both start before leader election and serve on standbys too; GET only; a port in use fails start-up
 * with the bind address in the message. The API proxy is not here (see {@code io.netmaker.operator.proxy}).
 *
 * <p>Callers: the composition root only.
 */
package io.netmaker.operator.http;

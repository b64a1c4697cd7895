/**
 * core/v1 Events recorded the way client-go's {@code record.EventRecorder} names them (reporting component and
 * instance, {@code <object>.<hex>} names), for leader changes and reconcile warnings.
 *
 * <p>Invariants: best effort: a failed create is logged and ignored, never retried in a loop and never surfaced to
 * the caller; recording does not block the caller's work for long.
 *
 * <p>Callers: leader election and the controllers, through the instance the composition root builds.
 */
package io.netmaker.operator.events;

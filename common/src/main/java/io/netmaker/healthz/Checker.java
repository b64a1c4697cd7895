package io.netmaker.healthz;

/**
 * One named health or readiness check. A check passes by returning and fails by throwing; the exception's
 * message is logged and shown only on the check's own path ({@code /readyz/<name>}), never in the aggregate.
 */
@FunctionalInterface
public interface Checker {
    void check() throws Exception;

    /** The check controller-runtime installs when none is registered. */
    Checker PING = () -> { };
}

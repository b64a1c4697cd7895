package io.netmaker.operator.config;

import java.util.Locale;

/** {@code PROXY_MODE}: how the API proxy presents its callers to the API server. */
public enum ProxyMode {
    /** Every request impersonates a configured low-privilege identity, so RBAC authorizes the peer. */
    AUTH,
    /** Explicit opt-in: requests go out with the operator's own ServiceAccount and its permissions. */
    NOAUTH,
    /** No proxy at all. */
    OFF;

    /** @throws IllegalArgumentException naming the accepted values */
    public static ProxyMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auth" -> AUTH;
            case "noauth" -> NOAUTH;
            case "off" -> OFF;
            default -> throw new IllegalArgumentException("invalid proxy mode \"" + text
                    + "\" (use auth, noauth or off)");
        };
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.netmaker.operator.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds how long a proxied watch may last: {@code timeoutSeconds} is added, or lowered to the limit. The API server
 * then ends the watch itself, and clients (client-go, fabric8, kubectl) simply watch again. A watch whose client went
 * away unnoticed (one that vanished without closing its connection, or any client where {@link ClientGoneWatch}
 * cannot read the TCP table) therefore holds its permits no longer than the limit.
 */
final class WatchQuery {
    private WatchQuery() {
    }

    /** The query string to send, with its leading {@code ?}, or empty for none. */
    static String bounded(String rawQuery, String rawPath, Duration maxWatch) {
        List<String> params = new ArrayList<>();
        boolean watch = rawPath.contains("/watch/");
        long timeout = -1;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String p : rawQuery.split("&")) {
                String name = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
                String value = p.contains("=") ? p.substring(p.indexOf('=') + 1) : "";
                if (name.equals("watch")) {
                    watch |= value.equals("true") || value.equals("1") || value.isEmpty();
                }
                if (name.equals("timeoutSeconds")) {
                    try {
                        timeout = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        timeout = -1; // the API server would refuse it; the limit replaces it
                    }
                    continue;
                }
                params.add(p);
            }
        }
        long max = maxWatch.toSeconds();
        if (watch) {
            params.add("timeoutSeconds=" + (timeout > 0 && timeout < max ? timeout : max));
        } else if (timeout >= 0) {
            params.add("timeoutSeconds=" + timeout);
        }
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }
}

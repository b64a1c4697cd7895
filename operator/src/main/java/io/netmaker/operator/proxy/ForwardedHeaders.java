package io.netmaker.operator.proxy;

import io.netmaker.operator.config.ProxyIdentity;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which request headers reach the API server: pure, so the stripping rules are tested on their own. */
final class ForwardedHeaders {
    /** Hop-by-hop headers (RFC 9110 7.6.1), headers the client recomputes, and caller credentials. */
    private static final Set<String> DROPPED_REQUEST_HEADERS = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "authorization", "content-type");
    /** Caller-chosen identities: impersonation, and the front-proxy headers of the request-header authenticator. */
    private static final List<String> DROPPED_PREFIXES = List.of("impersonate-", "x-remote-");
    static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "content-length");

    private ForwardedHeaders() {
    }

    /**
     * The caller's headers minus everything above and minus any header its {@code Connection} header names, plus the
     * impersonation headers of {@code identity} (null: none, {@code noauth}).
     */
    static Map<String, List<String>> of(Map<String, List<String>> request, ProxyIdentity identity) {
        Set<String> named = new HashSet<>();
        request.forEach((name, values) -> {
            if (name.equalsIgnoreCase("connection")) {
                values.forEach(v -> Arrays.stream(v.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                        .forEach(named::add));
            }
        });
        Map<String, List<String>> out = new LinkedHashMap<>();
        request.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!DROPPED_REQUEST_HEADERS.contains(lower) && !named.contains(lower)
                    && DROPPED_PREFIXES.stream().noneMatch(lower::startsWith)) {
                out.put(name, List.copyOf(values));
            }
        });
        if (identity != null) {
            out.put("Impersonate-User", List.of(identity.user()));
            if (!identity.groups().isEmpty()) {
                out.put("Impersonate-Group", identity.groups());
            }
        }
        return out;
    }
}

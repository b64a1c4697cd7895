package io.netmaker.operator.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes user and groups the API proxy impersonates in {@code auth} mode.
 *
 * @param user   {@code Impersonate-User}
 * @param groups one {@code Impersonate-Group} each, in order
 */
public record ProxyIdentity(String user, List<String> groups) {
    /** {@code PROXY_IMPERSONATE_USER} and {@code PROXY_IMPERSONATE_GROUPS} when neither is set. */
    public static final ProxyIdentity DEFAULT = new ProxyIdentity(
            OperatorSettings.PROXY_IMPERSONATE_USER.byDefault().value(),
            groupList(OperatorSettings.PROXY_IMPERSONATE_GROUPS.byDefault().value()));

    public ProxyIdentity {
        groups = List.copyOf(groups);
    }

    /** A comma-separated group list; blanks are ignored. */
    public static List<String> groupList(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Identities by peer address (the IP the connection comes from): the default for unknown addresses, the mapped
     * identity for known ones.
     *
     * @param fallback identity of any address that is not mapped
     * @param byPeerIp canonical IP literal to identity
     */
    public record Mapping(ProxyIdentity fallback, Map<String, ProxyIdentity> byPeerIp) {
        public Mapping {
            byPeerIp = Map.copyOf(byPeerIp);
        }

        public static Mapping of(ProxyIdentity only) {
            return new Mapping(only, Map.of());
        }

        public ProxyIdentity forPeer(String ip) {
            return byPeerIp.getOrDefault(ip, fallback);
        }
    }
}

package io.netmaker.operator.config;

/**
 * The Kubernetes API proxy served on every replica.
 *
 * @param port          {@code PROXY_PORT} (0 = any free port, for tests)
 * @param bindIp        {@code PROXY_BIND_IP}, or null to bind the interface's IPv4 address
 * @param interfaceName {@code IFACE_NAME}, the WireGuard interface
 * @param mode          {@code PROXY_MODE}
 * @param identities    who is impersonated in {@code auth} mode ({@code PROXY_IMPERSONATE_USER},
 *                      {@code PROXY_IMPERSONATE_GROUPS}, {@code PROXY_IDENTITY_MAP})
 */
public record ApiProxyOptions(int port, String bindIp, String interfaceName, ProxyMode mode,
        ProxyIdentity.Mapping identities) {
    /** {@code auth} mode with the default identity. */
    public static ApiProxyOptions secure(int port, String bindIp, String interfaceName) {
        return new ApiProxyOptions(port, bindIp, interfaceName, ProxyMode.AUTH,
                ProxyIdentity.Mapping.of(ProxyIdentity.DEFAULT));
    }

    public ApiProxyOptions withMode(ProxyMode newMode) {
        return new ApiProxyOptions(port, bindIp, interfaceName, newMode, identities);
    }
}

package io.netmaker.operator.config;

/**
 * The Kubernetes API proxy served on every replica.
 *
 * @param port          {@code PROXY_PORT} (default 8085; 0 = any free port, for tests)
 * @param bindIp        {@code PROXY_BIND_IP}, or null to bind the interface's IPv4 address
 * @param interfaceName {@code IFACE_NAME} (default {@code netmaker}), the WireGuard interface
 */
public record ApiProxyOptions(int port, String bindIp, String interfaceName) {
    public static final int DEFAULT_PORT = 8085;
    public static final String DEFAULT_INTERFACE = "netmaker";
}

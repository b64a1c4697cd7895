package io.netmaker.operator.controller;

import java.util.List;

/**
 * What one proxy pod must do, derived from a Service. {@code target} is the egress target (IP or DNS name) or the
 * Service's cluster IP for ingress; {@code bindIp} is the ingress bind IP or null for the netmaker interface address.
 */
public record ProxySpec(
        ProxyKind kind,
        String namespace,
        String serviceName,
        String serviceUid,
        String target,
        String bindIp,
        String secretName,
        String secretKey,
        List<PortSpec> ports) {

    /** One forwarded port: the proxy listens on {@code port} and forwards to {@code targetPort} on the target. */
    public record PortSpec(String name, int port, int targetPort, String protocol) {
    }
}

package io.netmaker.operator.controller;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the proxy containers' shell scripts from resource templates: a head that finds the bind address
 * ({@code ingress-proxy.sh}, {@code egress-proxy.sh}) and the shared forwarding tail ({@code forward.sh}).
 * Every value is single-quoted.
 */
public final class ProxyScripts {
    /** The WireGuard interface netclient creates. */
    public static final String INTERFACE = "netmaker";
    /** Written by the script once socat listens; the proxy container's readiness probe checks it. */
    public static final String READY_FILE = "/tmp/proxy-ready";

    private ProxyScripts() {
    }

    public static String render(ProxySpec spec) {
        String template = template(spec.kind() == ProxyKind.INGRESS ? "ingress-proxy.sh" : "egress-proxy.sh")
                + template("forward.sh");
        Map<String, String> values = Map.of(
                "BIND_IP", spec.bindIp() == null ? "" : spec.bindIp(),
                "INTERFACE", INTERFACE,
                "TARGET", spec.target(),
                "PORTS", ports(spec),
                "READY_FILE", READY_FILE);
        String out = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("@@" + e.getKey() + "@@", quote(e.getValue()));
        }
        return out;
    }

    /**
     * {@code listen:forward/PROTO} per port. Egress listens on and forwards to the target port (the EndpointSlice
     * carries it); ingress listens on the Service port and forwards to the same port on the cluster IP.
     */
    static String ports(ProxySpec spec) {
        return spec.ports().stream()
                .map(p -> spec.kind() == ProxyKind.INGRESS
                        ? p.port() + ":" + p.port() + "/" + p.protocol()
                        : p.targetPort() + ":" + p.targetPort() + "/" + p.protocol())
                .collect(Collectors.joining(" "));
    }

    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String template(String name) {
        try (InputStream in = ProxyScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

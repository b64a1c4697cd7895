package io.netmaker.operator.controller;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a Service's annotations into the proxy pods it needs, or the problems that prevent them. Pure. */
public final class DesiredProxies {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DNS = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\\.?");

    private final Map<ProxyKind, ProxySpec> specs;
    private final List<String> problems;

    private DesiredProxies(Map<ProxyKind, ProxySpec> specs, List<String> problems) {
        this.specs = specs;
        this.problems = problems;
    }

    public ProxySpec spec(ProxyKind kind) {
        return specs.get(kind);
    }

    /** Human-readable reasons why a requested proxy is not created; each becomes one warning Event. */
    public List<String> problems() {
        return problems;
    }

    public static DesiredProxies of(Service service) {
        Map<String, String> ann = service.getMetadata().getAnnotations() == null
                ? Map.of() : service.getMetadata().getAnnotations();
        Map<ProxyKind, ProxySpec> specs = new EnumMap<>(ProxyKind.class);
        List<String> problems = new ArrayList<>();
        boolean egress = Annotations.ENABLED.equals(ann.get(Annotations.EGRESS));
        boolean ingress = Annotations.ENABLED.equals(ann.get(Annotations.INGRESS));
        String secretName = orDefault(ann.get(Annotations.SECRET_NAME), Annotations.DEFAULT_SECRET_NAME);
        String secretKey = orDefault(ann.get(Annotations.SECRET_KEY), Annotations.DEFAULT_SECRET_KEY);
        List<ProxySpec.PortSpec> ports = ports(service);

        if (egress) {
            String ip = blankToNull(ann.get(Annotations.EGRESS_TARGET_IP));
            String dns = blankToNull(ann.get(Annotations.EGRESS_TARGET_DNS));
            String target = ip != null ? ip : dns;
            if (target == null) {
                problems.add("egress proxy not created: set " + Annotations.EGRESS_TARGET_IP + " or "
                        + Annotations.EGRESS_TARGET_DNS);
            } else if (ip != null && !isIpLiteral(ip)) {
                problems.add("egress proxy not created: " + Annotations.EGRESS_TARGET_IP + " is not an IP address");
            } else if (ip == null && !DNS.matcher(dns).matches()) {
                problems.add("egress proxy not created: " + Annotations.EGRESS_TARGET_DNS + " is not a DNS name");
            } else if (ports.isEmpty()) {
                problems.add("egress proxy not created: the Service has no ports");
            } else {
                specs.put(ProxyKind.EGRESS, spec(ProxyKind.EGRESS, service, target, null, secretName, secretKey, ports));
            }
        }
        if (ingress && egress) {
            problems.add("ingress proxy not created: the Service has both " + Annotations.EGRESS + " and "
                    + Annotations.INGRESS + " enabled; use one Service per direction");
        } else if (ingress) {
            String bindIp = blankToNull(ann.get(Annotations.INGRESS_BIND_IP));
            String clusterIp = service.getSpec() == null ? null : service.getSpec().getClusterIP();
            if (bindIp != null && (!IPV4.matcher(bindIp).matches() || !isIpLiteral(bindIp) || isAnyAddress(bindIp))) {
                problems.add("ingress proxy not created: " + Annotations.INGRESS_BIND_IP
                        + " must be one IPv4 address (never 0.0.0.0)");
            } else if (clusterIp == null || clusterIp.isBlank() || "None".equals(clusterIp)) {
                problems.add("ingress proxy not created: the Service has no cluster IP");
            } else if (ports.isEmpty()) {
                problems.add("ingress proxy not created: the Service has no ports");
            } else {
                specs.put(ProxyKind.INGRESS,
                        spec(ProxyKind.INGRESS, service, clusterIp, bindIp, secretName, secretKey, ports));
            }
        }
        return new DesiredProxies(specs, List.copyOf(problems));
    }

    private static ProxySpec spec(ProxyKind kind, Service svc, String target, String bindIp, String secretName,
            String secretKey, List<ProxySpec.PortSpec> ports) {
        return new ProxySpec(kind, svc.getMetadata().getNamespace(), svc.getMetadata().getName(),
                svc.getMetadata().getUid(), target, bindIp, secretName, secretKey, ports);
    }

    /** Egress: the proxy listens on the Service's target port and forwards to the same port on the target. */
    private static List<ProxySpec.PortSpec> ports(Service service) {
        List<ProxySpec.PortSpec> out = new ArrayList<>();
        if (service.getSpec() == null || service.getSpec().getPorts() == null) {
            return out;
        }
        for (ServicePort p : service.getSpec().getPorts()) {
            if (p.getPort() == null) {
                continue;
            }
            IntOrString tp = p.getTargetPort();
            int targetPort = tp != null && tp.getIntVal() != null ? tp.getIntVal() : p.getPort();
            out.add(new ProxySpec.PortSpec(p.getName(), p.getPort(), targetPort,
                    p.getProtocol() == null ? "TCP" : p.getProtocol()));
        }
        return out;
    }

    static boolean isIpLiteral(String text) {
        if (!IPV4.matcher(text).matches() && !(text.contains(":") && text.matches("[0-9a-fA-F:.]+"))) {
            return false;
        }
        try {
            InetAddress.getByName(text); // literal only: no lookup happens for the forms matched above
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isAnyAddress(String ip) {
        try {
            return InetAddress.getByName(ip).isAnyLocalAddress();
        } catch (Exception e) {
            return false;
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

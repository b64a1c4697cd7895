package io.netmaker.operator.controller;

/** The two proxy pods a Service can ask for. */
public enum ProxyKind {
    EGRESS("egress"),
    INGRESS("ingress");

    private final String label;

    ProxyKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {@code <service>-egress-proxy} or {@code <service>-ingress-proxy}. */
    public String podName(String serviceName) {
        return serviceName + "-" + label + "-proxy";
    }
}

package io.netmaker.operator.controller;

/** The Service annotations and the labels and annotations the operator puts on its pods. */
public final class Annotations {
    public static final String EGRESS = "netmaker.io/egress";
    public static final String EGRESS_TARGET_IP = "netmaker.io/egress-target-ip";
    public static final String EGRESS_TARGET_DNS = "netmaker.io/egress-target-dns";
    public static final String INGRESS = "netmaker.io/ingress";
    public static final String INGRESS_BIND_IP = "netmaker.io/ingress-bind-ip";
    public static final String SECRET_NAME = "netmaker.io/secret-name";
    public static final String SECRET_KEY = "netmaker.io/secret-key";
    public static final String ENABLED = "enabled";

    public static final String DEFAULT_SECRET_NAME = "netclient-token";
    public static final String DEFAULT_SECRET_KEY = "token";

    /** On proxy pods: the hash of the generated spec, compared to decide on delete+recreate. */
    public static final String SPEC_HASH = "netmaker.io/spec-hash";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "netmaker-operator";
    public static final String LABEL_SERVICE = "netmaker.io/service";
    public static final String LABEL_PROXY = "netmaker.io/proxy";

    private Annotations() {
    }
}

package io.netmaker.kubernetes;

import java.nio.file.Path;

/** Where a pod's service account is mounted, as both programs read it. */
public final class ServiceAccount {
    /** The pod's namespace, a default for the leader-election Lease's. */
    public static final Path NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private ServiceAccount() {
    }
}

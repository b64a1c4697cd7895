package io.netmaker.e2e;

import io.netmaker.e2e.target.LocalTarget;
import io.netmaker.e2e.target.RealApi;
import io.netmaker.e2e.sandbox.SandboxOptions;

/**
 * {@link MultiReplicaE2E}'s scenarios on the real API server (e2e/go: k8s.io/apiserver, etcd, watch cache, RBAC):
 * the agents and operators run as the shipped ServiceAccount {@code netmaker-operator} with deploy/base's Role and
 * bindings applied as shipped, in its namespace {@code netmaker}; a request the manifests do not grant is refused.
 */
class MultiReplicaApiServerE2E extends MultiReplicaE2E {
    @Override
    SandboxOptions localOptions() {
        return super.localOptions().withNamespace(RealApi.NAMESPACE);
    }

    @Override
    LocalTarget startLocal(SandboxOptions options) {
        return LocalTarget.start(options, RealApi.require());
    }
}

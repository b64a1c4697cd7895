package io.netmaker.e2e.containers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netmaker.e2e.sandbox.RealApiServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The pod template of a rendered {@code deploy/} Deployment: its spec, its {@code agent} container and its
 * termination grace (what {@code docker stop -t} gets).
 */
public record PodTemplate(PodSpec spec, Container agent, int graceSeconds) {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    public static PodTemplate of(Deployment deployment) {
        PodSpec spec = deployment.getSpec().getTemplate().getSpec();
        Container agent = spec.getContainers().stream().filter(c -> c.getName().equals("agent")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no agent container in Deployment "
                        + deployment.getMetadata().getName()));
        int grace = Optional.ofNullable(spec.getTerminationGracePeriodSeconds()).orElse(30L).intValue();
        return new PodTemplate(spec, agent, grace);
    }

    /** The first Deployment of {@code kustomization} rendered with {@code kubectl kustomize}. */
    public static PodTemplate render(Path kustomization) {
        String yaml = RealApiServer.kustomize(kustomization);
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<?> objects = parsed instanceof List<?> list ? list : List.of(parsed);
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                .map(PodTemplate::of)
                .orElseThrow(() -> new IllegalStateException("no Deployment in " + kustomization));
    }
}

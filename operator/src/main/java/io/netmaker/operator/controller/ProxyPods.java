package io.netmaker.operator.controller;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netmaker.operator.config.OperatorOptions.ProxyImages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Builds the proxy pod for a {@link ProxySpec}. Pure: the same spec always gives the same pod and hash. */
public final class ProxyPods {
    private final ProxyImages images;

    public ProxyPods(ProxyImages images) {
        this.images = images;
    }

    public Pod build(ProxySpec spec) {
        PodSpec podSpec = podSpec(spec);
        return new PodBuilder()
                .withNewMetadata()
                    .withName(spec.kind().podName(spec.serviceName()))
                    .withNamespace(spec.namespace())
                    .withLabels(Map.of(
                            Annotations.LABEL_MANAGED_BY, Annotations.MANAGED_BY,
                            Annotations.LABEL_SERVICE, spec.serviceName(),
                            Annotations.LABEL_PROXY, spec.kind().label()))
                    .withAnnotations(Map.of(Annotations.SPEC_HASH, hash(podSpec)))
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("v1")
                            .withKind("Service")
                            .withName(spec.serviceName())
                            .withUid(spec.serviceUid())
                            .withController(true)
                            .withBlockOwnerDeletion(true)
                            .build())
                .endMetadata()
                .withSpec(podSpec)
                .build();
    }

    private PodSpec podSpec(ProxySpec spec) {
        List<EnvVar> proxyEnv = new ArrayList<>();
        if (spec.kind() == ProxyKind.EGRESS) {
            proxyEnv.add(new EnvVarBuilder().withName("POD_IP")
                    .withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom()
                    .build());
        }
        return new PodSpecBuilder()
                .addToContainers(new ContainerBuilder()
                        .withName("netclient")
                        .withImage(images.netclientImage())
                        // the token stays in the Secret: only a reference is in the pod spec
                        .withEnv(new EnvVarBuilder().withName("TOKEN")
                                .withNewValueFrom().withNewSecretKeyRef()
                                    .withName(spec.secretName()).withKey(spec.secretKey())
                                .endSecretKeyRef().endValueFrom()
                                .build())
                        .withNewSecurityContext()
                            .withNewCapabilities().withAdd("NET_ADMIN", "SYS_MODULE").endCapabilities()
                        .endSecurityContext()
                        .build())
                .addToContainers(new ContainerBuilder()
                        .withName("proxy")
                        .withImage(images.proxyImage())
                        .withCommand("/bin/sh", "-c", ProxyScripts.render(spec))
                        .withEnv(proxyEnv)
                        .withPorts(spec.ports().stream()
                                .map(p -> new ContainerPortBuilder()
                                        .withContainerPort(spec.kind() == ProxyKind.INGRESS ? p.port() : p.targetPort())
                                        .withProtocol(p.protocol())
                                        .build())
                                .toList())
                        .withNewReadinessProbe()
                            .withNewExec().withCommand("test", "-f", ProxyScripts.READY_FILE).endExec()
                            .withPeriodSeconds(5)
                        .endReadinessProbe()
                        .build())
                .withRestartPolicy("Always")
                .build();
    }

    /** A short SHA-256 of the generated pod spec; stored on the pod to detect changes. */
    static String hash(PodSpec podSpec) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(podSpec).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

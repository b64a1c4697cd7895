package io.netmaker.agent.kubernetes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * The few fields of the agent's own Pod that the agent reads (the sidecar's container and status, the pod-spec
 * check), decoded from the API's JSON. The agent never decodes its Pod into fabric8's {@code Pod} model: that
 * builds Jackson deserializers for the whole Pod type graph (about 400 classes, 3.7 MiB of metaspace and 4.5 MiB of
 * live heap, issue 12) for a dozen fields. Lists are never null; absent objects are null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodView(Metadata metadata, Spec spec, Status status) {

    /** The Pod API's resource, so that the generic client needs no discovery call. */
    private static final ResourceDefinitionContext PODS = new ResourceDefinitionContext.Builder()
            .withGroup("").withVersion("v1").withKind("Pod").withPlural("pods").withNamespaced(true).build();

    public PodView {
        metadata = metadata == null ? new Metadata(null) : metadata;
    }

    /**
     * The Pod {@code namespace/name} as a generic resource (the same {@code pods} get/list/watch requests as the
     * typed client). Watch events stay generic with the agent's client mapping
     * ({@link Cluster#serialization()}), which knows no Pod model.
     */
    public static Resource<GenericKubernetesResource> resource(KubernetesClient client, String namespace,
                                                               String name) {
        return client.genericKubernetesResources(PODS).inNamespace(namespace).withName(name);
    }

    /** The view of a Pod read as a generic resource; null for null. */
    public static PodView of(KubernetesSerialization serialization, GenericKubernetesResource pod) {
        return pod == null ? null : serialization.convertValue(pod, PodView.class);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(List<OwnerReference> ownerReferences) {
        public Metadata {
            ownerReferences = listOf(ownerReferences);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OwnerReference(Boolean controller, String kind, String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spec(List<Container> containers, List<Container> initContainers, Boolean hostNetwork,
                       Long terminationGracePeriodSeconds, Affinity affinity) {
        public Spec {
            containers = listOf(containers);
            initContainers = listOf(initContainers);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Container(String name, String restartPolicy, List<ContainerPort> ports, Probe livenessProbe,
                            Probe readinessProbe, Probe startupProbe) {
        public Container {
            ports = listOf(ports);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContainerPort(String name, Integer containerPort) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Probe(HttpGet httpGet) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HttpGet(PortRef port) {}

    /** An IntOrString port: a number or a port name. */
    public record PortRef(Integer number, String name) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static PortRef of(Object value) {
            return value instanceof Number n ? new PortRef(n.intValue(), null)
                    : new PortRef(null, String.valueOf(value));
        }

        @Override
        public String toString() {
            return number != null ? number.toString() : name;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Affinity(PodAntiAffinity podAntiAffinity) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodAntiAffinity(List<PodAffinityTerm> requiredDuringSchedulingIgnoredDuringExecution) {
        public PodAntiAffinity {
            requiredDuringSchedulingIgnoredDuringExecution = listOf(requiredDuringSchedulingIgnoredDuringExecution);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PodAffinityTerm(String topologyKey) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(List<ContainerStatus> containerStatuses, List<ContainerStatus> initContainerStatuses) {
        public Status {
            containerStatuses = listOf(containerStatuses);
            initContainerStatuses = listOf(initContainerStatuses);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContainerStatus(String name, Boolean ready, Integer restartCount, ContainerState state) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContainerState(StateReason waiting, StateReason terminated) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StateReason(String reason) {}

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }
}

package io.netmaker.agent.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Test fixtures built with fabric8's Pod model, read as the agent reads its Pod: JSON to {@link PodView}, with the
 * agent's own client mapping.
 */
public final class PodViews {
    private static final KubernetesSerialization SERIALIZATION = Cluster.serialization();

    private PodViews() {}

    /** The agent's view of {@code pod}, through the Pod's JSON (so the view's field names are the API's). */
    public static PodView of(Pod pod) {
        GenericKubernetesResource json = SERIALIZATION.unmarshal(SERIALIZATION.asJson(pod),
                GenericKubernetesResource.class);
        return PodView.of(SERIALIZATION, json);
    }
}

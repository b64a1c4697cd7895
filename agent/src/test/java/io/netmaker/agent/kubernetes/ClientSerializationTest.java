package io.netmaker.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** The agent client's JSON mapping, without fabric8's registry of every model class. */
class ClientSerializationTest {
    private final KubernetesSerialization serialization = Cluster.serialization();

    @Test
    void aWatchErrorIsAStatusSoThatTheInformerListsAgainOn410() {
        WatchEvent event = serialization.unmarshal("{\"type\":\"ERROR\",\"object\":{\"apiVersion\":\"v1\","
                + "\"kind\":\"Status\",\"status\":\"Failure\",\"code\":410,\"reason\":\"Expired\"}}", WatchEvent.class);
        assertThat(event.getObject()).isInstanceOfSatisfying(Status.class, s -> assertThat(s.getCode()).isEqualTo(410));
    }

    @Test
    void anyOtherKindIsAGenericResourceNotItsModel() {
        WatchEvent event = serialization.unmarshal("{\"type\":\"MODIFIED\",\"object\":{\"apiVersion\":\"v1\","
                + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}}",
                WatchEvent.class);
        assertThat(event.getObject()).isInstanceOf(GenericKubernetesResource.class);
    }
}

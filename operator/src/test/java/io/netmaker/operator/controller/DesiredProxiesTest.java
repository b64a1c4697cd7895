package io.netmaker.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredProxiesTest {
    private static Service service(Map<String, String> annotations) {
        return new ServiceBuilder()
                .withNewMetadata().withName("svc").withNamespace("ns").withUid("u1").withAnnotations(annotations)
                .endMetadata()
                .withNewSpec().withClusterIP("10.96.0.10")
                    .addNewPort().withName("web").withPort(80).withTargetPort(new IntOrString(8080)).endPort()
                    .addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort()
                .endSpec().build();
    }

    @Test
    void unannotatedServicesNeedNothing() {
        DesiredProxies d = DesiredProxies.of(service(Map.of()));
        assertThat(d.spec(ProxyKind.EGRESS)).isNull();
        assertThat(d.spec(ProxyKind.INGRESS)).isNull();
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void egressTakesTheIpOverTheDnsNameAndDefaultsTheSecret() {
        ProxySpec spec = DesiredProxies.of(service(Map.of(Annotations.EGRESS, "enabled",
                Annotations.EGRESS_TARGET_IP, "10.101.0.7", Annotations.EGRESS_TARGET_DNS, "db.nm"))).spec(ProxyKind.EGRESS);
        assertThat(spec.target()).isEqualTo("10.101.0.7");
        assertThat(spec.secretName()).isEqualTo("netclient-token");
        assertThat(spec.secretKey()).isEqualTo("token");
        assertThat(spec.ports()).containsExactly(new ProxySpec.PortSpec("web", 80, 8080, "TCP"),
                new ProxySpec.PortSpec("dns", 53, 53, "UDP"));
    }

    @Test
    void badAnnotationsAreProblemsNotPods() {
        assertThat(DesiredProxies.of(service(Map.of(Annotations.EGRESS, "enabled"))).problems())
                .containsExactly("egress proxy not created: set netmaker.io/egress-target-ip or netmaker.io/egress-target-dns");
        assertThat(DesiredProxies.of(service(Map.of(Annotations.EGRESS, "enabled",
                Annotations.EGRESS_TARGET_IP, "not-an-ip"))).problems()).singleElement().asString()
                .contains("is not an IP address");
        for (String bind : new String[] {"0.0.0.0", "::", "fd00::1", "eth0"}) {
            DesiredProxies d = DesiredProxies.of(service(Map.of(Annotations.INGRESS, "enabled",
                    Annotations.INGRESS_BIND_IP, bind)));
            assertThat(d.spec(ProxyKind.INGRESS)).as(bind).isNull();
            assertThat(d.problems()).as(bind).singleElement().asString().contains("never 0.0.0.0");
        }
        assertThat(DesiredProxies.of(service(Map.of(Annotations.EGRESS, "disabled",
                Annotations.EGRESS_TARGET_IP, "10.0.0.1"))).spec(ProxyKind.EGRESS)).isNull();
    }
}

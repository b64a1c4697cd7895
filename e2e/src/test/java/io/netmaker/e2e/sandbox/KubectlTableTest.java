package io.netmaker.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubectlTableTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String POD = """
            {"kind":"Pod","metadata":{"name":"p-0","namespace":"ns","creationTimestamp":"2026-01-01T11:55:00Z"},
             "spec":{"nodeName":"sandbox","containers":[{"name":"manager"},{"name":"netclient"}]},
             "status":{"phase":"Running","podIP":"127.0.0.1","containerStatuses":[
              {"name":"manager","ready":true,"restartCount":1,"state":{"running":{}}},
              {"name":"netclient","ready":false,"restartCount":2,"state":{"running":{}}}]}}""";

    @Test
    void podsGetKubectlsColumns() throws Exception {
        String body = "{\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[" + POD + "]}";
        JsonNode table = new ObjectMapper().readTree(KubectlTable.of("/api/v1/namespaces/ns/pods?limit=500", body, NOW)
                .orElseThrow());
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.findValuesAsText("name")).containsSequence("Name", "Ready", "Status", "Restarts", "Age");
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"p-0\",\"1/2\",\"Running\",\"3\",\"5m\",\"127.0.0.1\",\"sandbox\"]");
        assertThat(table.path("rows").get(0).path("object").path("metadata").path("namespace").asText()).isEqualTo("ns");
    }

    @Test
    void aLeaseShowsItsHolder() throws Exception {
        String lease = """
                {"kind":"Lease","metadata":{"name":"l","creationTimestamp":"2026-01-01T11:59:30Z"},
                 "spec":{"holderIdentity":"p-0_abc"}}""";
        JsonNode table = new ObjectMapper().readTree(
                KubectlTable.of("/apis/coordination.k8s.io/v1/namespaces/ns/leases/l", lease, NOW).orElseThrow());
        assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"l\",\"p-0_abc\",\"30s\"]");
    }

    @Test
    void otherResourcesAndSubresourcesKeepTheirPlainForm() {
        assertThat(KubectlTable.of("/api/v1/namespaces/ns/services", "{\"items\":[]}", NOW)).isEmpty();
        assertThat(KubectlTable.of("/api/v1/namespaces/ns/pods/p-0/status", POD, NOW)).isEmpty();
        assertThat(KubectlTable.wanted("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")).isTrue();
        assertThat(KubectlTable.wanted("application/json")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "119,119s", "120,2m", "150,2m30s", "600,10m", "10800,3h", "11400,3h10m", "172800,2d",
        "183600,2d3h", "691200,8d", "63072000,2y", "-5,<invalid>"})
    void ageIsApimachinerysHumanDuration(long seconds, String age) {
        assertThat(KubectlTable.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(age);
    }
}

package io.netmaker.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentStatusTest {
    private static final String STATUS = """
            {"ports":{"health":8868,"proxy":8871,"rule":"hash","ports":{
                "health":{"port":8868,"source":"hash(POD_NAME)","seed":8867},
                "proxy":{"port":8871,"source":"hash(POD_NAME)","seed":8871}},
              "conflicts":[{"role":"health","port":8867,"reason":"in use"}]},
             "child":{"pid":4242,"running":true,"restarts":2},
             "leader":{"state":"leading","holder":"pod-0"},
             "sidecar":{"state":"not ready"}}""";

    @Test
    void readsPortsConflictsChildLeaderAndSidecar() {
        AgentStatus status = AgentStatus.parse(STATUS).orElseThrow();
        assertThat(status.port("health")).hasValue(8868);
        assertThat(status.requestedPort("health")).hasValue(8867);
        assertThat(status.portSource("proxy")).hasValue("hash(POD_NAME)");
        assertThat(status.conflicts("health")).isEqualTo(1);
        assertThat(status.conflicts("proxy")).isZero();
        assertThat(status.childPid()).hasValue(4242);
        assertThat(status.childRestarts()).isEqualTo(2);
        assertThat(status.leading()).isTrue();
        assertThat(status.leaderHolder()).hasValue("pod-0");
        assertThat(status.sidecarState()).hasValue("not ready");
    }

    @Test
    void readsThePortsFileToo() {
        AgentStatus file = AgentStatus.parse("""
                {"health":8100,"rule":"hash","ports":{"health":{"port":8100,"source":"env","seed":8100}},"conflicts":[]}""")
                .orElseThrow();
        assertThat(file.port("health")).hasValue(8100);
        assertThat(file.leading()).isFalse();
    }

    @Test
    void rejectsWhatIsNotAJsonObject() {
        assertThat(AgentStatus.parse("not json")).isEmpty();
        assertThat(AgentStatus.parse("[1]")).isEmpty();
    }
}

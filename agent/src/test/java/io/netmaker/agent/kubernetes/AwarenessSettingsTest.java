package io.netmaker.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.agent.config.ChildDialect;
import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.election.LeaderSettings;
import io.netmaker.agent.election.ReadinessPolicy;
import io.netmaker.agent.sidecar.LossPolicy;
import io.netmaker.agent.sidecar.SidecarSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** LeaderSettings and SidecarSettings: defaults, and every bad value as one error naming the variable. */
class AwarenessSettingsTest {
    private static final ElectionSettings ON =
            new ElectionSettings(true, "default", "3820d23d.netmaker.io", Optional.of("ns"), "POD_NAMESPACE");

    @Test
    void defaults() {
        EnvReader env = new EnvReader(Map.<String, String>of()::get);
        LeaderSettings leader = LeaderSettings.parse(env, ON, ChildDialect.NETMAKER_GO, Optional.of("op-1"), "op-1");
        SidecarSettings sidecar = SidecarSettings.parse(env);
        assertThat(env.errors()).isEmpty();
        assertThat(leader.active()).isTrue();
        assertThat(leader.readinessPolicy()).isEqualTo(ReadinessPolicy.ALWAYS);
        assertThat(leader.releaseTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(sidecar).isEqualTo(new SidecarSettings("netclient", "netmaker", Optional.empty(),
                Duration.ofSeconds(120), false, LossPolicy.UNREADY, SidecarSettings.POLL_INTERVAL));
    }

    @Test
    void ifaceNameIsTheInterfaceDefault() {
        EnvReader env = new EnvReader(Map.of("IFACE_NAME", "nm-1")::get);
        assertThat(SidecarSettings.parse(env).interfaceName()).isEqualTo("nm-1");
        env = new EnvReader(Map.of("IFACE_NAME", "nm-1", "AGENT_SIDECAR_INTERFACE", "wg0")::get);
        assertThat(SidecarSettings.parse(env).interfaceName()).isEqualTo("wg0");
    }

    @Test
    void badValuesAreReportedTogether() {
        List<String> errors = new ArrayList<>();
        EnvReader env = new EnvReader(Map.of(
                "AGENT_READINESS_POLICY", "sometimes",
                "AGENT_LEASE_RELEASE_TIMEOUT", "soon",
                "AGENT_SIDECAR_WAIT", "perhaps",
                "AGENT_SIDECAR_WAIT_TIMEOUT", "2 minutes",
                "AGENT_SIDECAR_WAIT_FATAL", "maybe",
                "AGENT_SIDECAR_LOSS_POLICY", "panic",
                "AGENT_SIDECAR_CONTAINER", "Net_Client",
                "AGENT_SIDECAR_INTERFACE", "a-very-long-interface-name")::get, errors);
        LeaderSettings.parse(env, ON, ChildDialect.NETMAKER_GO, Optional.of("op-1"), "op-1");
        SidecarSettings.parse(env);
        assertThat(errors).hasSize(8);
        assertThat(String.join("\n", errors)).contains("AGENT_READINESS_POLICY=\"sometimes\": must be one of always,"
                + " leader, leader-or-standby").contains("AGENT_SIDECAR_LOSS_POLICY=\"panic\"")
                .contains("AGENT_LEASE_RELEASE_TIMEOUT").contains("AGENT_SIDECAR_WAIT=\"perhaps\"")
                .contains("AGENT_SIDECAR_WAIT_TIMEOUT").contains("AGENT_SIDECAR_WAIT_FATAL")
                .contains("AGENT_SIDECAR_CONTAINER").contains("AGENT_SIDECAR_INTERFACE");
    }

    @Test
    void aLeaderPolicyWithoutElectionIsAnError() {
        List<String> errors = new ArrayList<>();
        EnvReader env = new EnvReader(Map.of("AGENT_READINESS_POLICY", "leader")::get, errors);
        ElectionSettings off = new ElectionSettings(false, "ENABLE_LEADER_ELECTION", "x", Optional.of("ns"), "");
        LeaderSettings leader = LeaderSettings.parse(env, off, ChildDialect.NETMAKER_GO, Optional.of("op-1"), "op-1");
        assertThat(leader.active()).isFalse();
        assertThat(errors).singleElement().asString().contains("needs the Lease to be watched")
                .contains("leader election is off");
    }
}

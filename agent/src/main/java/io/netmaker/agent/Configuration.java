package io.netmaker.agent;

import io.netmaker.agent.config.AgentConfig;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.config.Setting;
import io.netmaker.agent.config.Settings;
import io.netmaker.agent.election.LeaderSettings;
import io.netmaker.agent.election.StandbySettings;
import io.netmaker.agent.sidecar.SidecarSettings;
import io.netmaker.agent.sidecar.TunnelSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's whole configuration, parsed once through one {@link EnvReader} so that every error is reported
 * together (exit 2): the core's settings, then the leader's and the sidecar's, which need the core's, then the
 * tunnel's and the standby hold's.
 */
public record Configuration(AgentConfig core, LeaderSettings leader, SidecarSettings sidecar, TunnelSettings tunnel,
        StandbySettings standby) {
    /** Every setting the agent reads, in README order. */
    public static final List<Setting> SETTINGS = Stream.of(Settings.ALL, LeaderSettings.SETTINGS,
            SidecarSettings.SETTINGS, TunnelSettings.SETTINGS, StandbySettings.SETTINGS).flatMap(List::stream)
            .toList();

    /**
     * @param namespaceFile the service-account namespace file
     * @param operator the command after {@code --} (empty for {@code agent plan} without one)
     * @param hostname this host's name, the prefix of a controller-runtime child's Lease identity
     */
    public static Configuration parse(EnvReader env, Path namespaceFile, List<String> operator, String hostname) {
        AgentConfig core = AgentConfig.parse(env, namespaceFile, operator);
        return new Configuration(core,
                LeaderSettings.parse(env, core.election(), core.dialect(), core.ports().podName(), hostname),
                SidecarSettings.parse(env), TunnelSettings.parse(env), StandbySettings.parse(env));
    }
}

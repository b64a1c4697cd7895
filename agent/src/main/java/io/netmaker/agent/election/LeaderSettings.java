package io.netmaker.agent.election;

import io.netmaker.agent.config.ChildDialect;
import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.config.Setting;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Leader awareness: which Lease to watch and who this replica is.
 *
 * @param active whether the Lease is watched at all (election on, and the child's identity knowable)
 * @param inactiveReason why not, for {@code /status}; empty when active
 * @param leaseName the Lease name (the election id)
 * @param namespace the Lease namespace
 * @param podNameIdentity whether the child's holder identity is {@code POD_NAME} (else learned from the child)
 * @param podName {@code POD_NAME}, empty when unset
 * @param hostname this host's name (the prefix of a controller-runtime identity)
 * @param readinessPolicy who reports ready
 * @param releaseTimeout how long a release on child exit or shutdown may take
 * @param defaultLeaseDuration used when a Lease does not state {@code leaseDurationSeconds}
 */
public record LeaderSettings(
        boolean active,
        String inactiveReason,
        String leaseName,
        String namespace,
        boolean podNameIdentity,
        String podName,
        String hostname,
        ReadinessPolicy readinessPolicy,
        Duration releaseTimeout,
        Duration defaultLeaseDuration) {

    public static final String READINESS_POLICY = "AGENT_READINESS_POLICY";
    public static final String LEASE_RELEASE_TIMEOUT = "AGENT_LEASE_RELEASE_TIMEOUT";
    /** controller-runtime's default LeaseDuration. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

    public static final List<Setting> SETTINGS = List.of(
            new Setting(READINESS_POLICY, null, "always",
                    "always (every healthy replica is ready), leader (only the Lease holder), or leader-or-standby"
                            + " (the holder, and standbys while a live leader exists)"),
            new Setting(LEASE_RELEASE_TIMEOUT, null, "2s",
                    "time allowed to release the Lease when the child exits or the agent stops"));

    /**
     * @param election the core's election settings (Lease name, namespace, on/off)
     * @param podName {@code POD_NAME}, empty outside a pod
     * @param hostname this host's name (see {@link #systemHostname()})
     */
    public static LeaderSettings parse(EnvReader env, ElectionSettings election, ChildDialect dialect,
                                       Optional<String> podName, String hostname) {
        ReadinessPolicy policy = env.enumValue(Setting.in(SETTINGS, READINESS_POLICY), ReadinessPolicy.class);
        Duration timeout = env.duration(Setting.in(SETTINGS, LEASE_RELEASE_TIMEOUT));
        if (timeout.isZero()) {
            env.error("invalid " + LEASE_RELEASE_TIMEOUT + "=\"0\": must be a duration above 0 like 2s");
        }
        String reason = "";
        if (!election.enabled()) {
            reason = "leader election is off (" + election.enabledSource() + ")";
        } else if (dialect.podNameIdentity() && podName.isEmpty()) {
            reason = "POD_NAME is not set (the child's Lease identity for " + EnvReader.configName(dialect) + ")";
        } else if (election.namespace().isEmpty()) {
            reason = "the namespace is unknown (POD_NAMESPACE unset and no service-account namespace file)";
        }
        if (!reason.isEmpty() && policy != ReadinessPolicy.ALWAYS) {
            env.error("invalid " + READINESS_POLICY + "=\"" + EnvReader.configName(policy)
                    + "\": needs the Lease to be watched, but " + reason);
        }
        return new LeaderSettings(reason.isEmpty(), reason, election.leaseName(), election.namespace().orElse(""),
                dialect.podNameIdentity(), podName.orElse(""), hostname, policy, timeout, DEFAULT_LEASE_DURATION);
    }

    /** The kernel's host name, as Go's {@code os.Hostname()} reads it; falls back to Java's resolver. */
    public static String systemHostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | SecurityException e) {
            // not Linux: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }
}

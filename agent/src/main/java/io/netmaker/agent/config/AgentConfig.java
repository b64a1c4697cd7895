package io.netmaker.agent.config;

import java.nio.file.Path;

/**
 * The agent core's whole configuration, parsed once. Parsing never throws: problems are collected in the
 * {@link EnvReader}, and the caller checks {@link EnvReader#hasErrors()} before starting anything.
 *
 * <p>To add a setting: add its name and row to {@link Settings}, read it in the matching {@code parse} with the
 * {@link EnvReader} helper, and add a field to that record.
 */
public record AgentConfig(PortSettings ports, ElectionSettings election, SupervisionSettings supervision, Path stateDir) {

    public static AgentConfig parse(EnvReader env) {
        return parse(env, ElectionSettings.SERVICE_ACCOUNT_NAMESPACE);
    }

    /** @param namespaceFile the service-account namespace file, read when POD_NAMESPACE is unset */
    public static AgentConfig parse(EnvReader env, Path namespaceFile) {
        return new AgentConfig(
                PortSettings.parse(env),
                ElectionSettings.parse(env, namespaceFile),
                SupervisionSettings.parse(env),
                env.path(Settings.STATE_DIR, "/tmp/agent"));
    }
}

package io.netmaker.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The agent core's whole configuration, parsed once. Parsing never throws: problems are collected in the
 * {@link EnvReader}, and the caller checks {@link EnvReader#errors()} before starting anything.
 *
 * <p>To add a setting: add its name and row to {@link Settings}, read it in the matching {@code parse} with the
 * {@link EnvReader} helper, and add a field to that record.
 *
 * @param dialect how the child reads its flags, where its Lease is and how its identity is known
 * @param operator the operator command, parsed as the child parses it
 */
public record AgentConfig(PortSettings ports, ElectionSettings election, SupervisionSettings supervision, Path stateDir,
        ChildDialect dialect, OperatorArgs operator) {

    public static AgentConfig parse(EnvReader env, List<String> operator) {
        return parse(env, ElectionSettings.SERVICE_ACCOUNT_NAMESPACE, operator);
    }

    /**
     * @param namespaceFile the service-account namespace file
     * @param operator the command after {@code --} (empty for {@code agent plan} without one)
     */
    public static AgentConfig parse(EnvReader env, Path namespaceFile, List<String> operator) {
        ChildDialect dialect = env.enumValue(Settings.row(Settings.CHILD_DIALECT), ChildDialect.class);
        OperatorArgs args = OperatorArgs.parse(operator, dialect);
        args.errors().forEach(env::error);
        return new AgentConfig(
                PortSettings.parse(env),
                ElectionSettings.parse(env, namespaceFile, dialect, args),
                SupervisionSettings.parse(env),
                env.path(Settings.row(Settings.STATE_DIR)),
                dialect,
                args);
    }
}

package io.netmaker.agent.config;

import io.netmaker.kubernetes.ServiceAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Leader-election settings as they reach the child.
 *
 * <p>On or off, as the Go operator decides it: the agent's own {@code --leader-elect} flag, else an explicit
 * {@code --leader-elect[=bool]} in the operator arguments, else {@code ENABLE_LEADER_ELECTION}, else on when
 * {@code POD_NAME} is set. Election on with no Lease namespace known is an error.
 *
 * @param enabled whether the child runs with {@code --leader-elect=true}
 * @param enabledSource the rule that decided
 * @param leaseName the Lease name ({@code --leader-election-id} for dialects that have it)
 * @param namespace the Lease namespace when known
 * @param namespaceSource where the namespace came from
 */
public record ElectionSettings(
        boolean enabled, String enabledSource, String leaseName, Optional<String> namespace, String namespaceSource) {

    public static final String DEFAULT_LEASE_NAME = "3820d23d.netmaker.io";
    public static final Path SERVICE_ACCOUNT_NAMESPACE = ServiceAccount.NAMESPACE_FILE;

    static ElectionSettings parse(EnvReader env, Path namespaceFile, ChildDialect dialect, OperatorArgs args) {
        String dialectName = EnvReader.configName(dialect);
        Optional<Boolean> fromEnv = env.bool(Settings.ENABLE_LEADER_ELECTION);
        Optional<Boolean> fromArgs = args.bool(ChildDialect.LEADER_ELECT, dialect);
        boolean podNameSet = env.isSet(Settings.POD_NAME);
        boolean enabled;
        String source;
        if (fromEnv.isPresent() && env.fromFlag(Settings.ENABLE_LEADER_ELECTION)) {
            enabled = fromEnv.get();
            source = "agent flag --leader-elect";
        } else if (fromArgs.isPresent()) {
            enabled = fromArgs.get();
            source = "operator argument --leader-elect";
        } else if (fromEnv.isPresent()) {
            enabled = fromEnv.get();
            source = Settings.ENABLE_LEADER_ELECTION;
        } else {
            enabled = podNameSet;
            source = podNameSet ? "default (POD_NAME is set)" : "default (POD_NAME is not set)";
        }

        Optional<String> configuredLease = env.string(Settings.LEADER_ELECTION_ID);
        Optional<String> argLease = dialect.hasLeaseFlags()
                ? args.value(ChildDialect.LEADER_ELECTION_ID).filter(s -> !s.isBlank()) : Optional.empty();
        String lease = configuredLease.or(() -> argLease).orElse(DEFAULT_LEASE_NAME);
        if (!dialect.hasLeaseFlags() && configuredLease.isPresent() && !dialect.leaseNameMustBeConfigured()
                && !configuredLease.get().equals(DEFAULT_LEASE_NAME)) {
            env.reject(Settings.LEADER_ELECTION_ID, configuredLease.get(), DEFAULT_LEASE_NAME + " for "
                    + Settings.CHILD_DIALECT + "=" + dialectName + " (the program hard-codes its Lease name and has"
                    + " no flag to change it)");
        }
        if (enabled && dialect.leaseNameMustBeConfigured() && configuredLease.isEmpty()) {
            env.error("missing " + Settings.LEADER_ELECTION_ID + ": " + Settings.CHILD_DIALECT + "=" + dialectName
                    + " hard-codes its Lease name in the program; set it to that name");
        }

        Optional<String> fileNamespace = readNamespace(namespaceFile);
        Optional<String> configured = env.string(Settings.POD_NAMESPACE);
        Optional<String> namespace;
        String namespaceSource;
        if (dialect.serviceAccountNamespace()) {
            if (fileNamespace.isPresent()) {
                namespace = fileNamespace;
                namespaceSource = namespaceFile.toString();
                if (configured.isPresent() && !configured.get().equals(fileNamespace.get())) {
                    env.reject(Settings.POD_NAMESPACE, configured.get(), "the service-account namespace \""
                            + fileNamespace.get() + "\" for " + Settings.CHILD_DIALECT + "=" + dialectName
                            + " (the program elects there and has no flag to change it)");
                }
            } else {
                namespace = configured;
                namespaceSource = configured.isPresent() ? Settings.POD_NAMESPACE : "unknown";
            }
        } else {
            Optional<String> argNamespace = args.value(ChildDialect.LEADER_ELECTION_NAMESPACE)
                    .filter(s -> !s.isBlank());
            if (configured.isPresent() && env.fromFlag(Settings.POD_NAMESPACE)) {
                namespace = configured;
                namespaceSource = "agent flag --leader-election-namespace";
            } else if (argNamespace.isPresent()) {
                namespace = argNamespace;
                namespaceSource = "operator argument --leader-election-namespace";
            } else if (configured.isPresent()) {
                namespace = configured;
                namespaceSource = Settings.POD_NAMESPACE;
            } else {
                namespace = fileNamespace;
                namespaceSource = fileNamespace.isPresent() ? namespaceFile.toString() : "unknown";
            }
        }
        if (enabled && namespace.isEmpty()) {
            env.error("leader election is on (" + source + ") but the Lease namespace is unknown: set "
                    + Settings.POD_NAMESPACE + " (downward API metadata.namespace) or run with a service account"
                    + " token mounted");
        }
        return new ElectionSettings(enabled, source, lease, namespace, namespaceSource);
    }

    private static Optional<String> readNamespace(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}

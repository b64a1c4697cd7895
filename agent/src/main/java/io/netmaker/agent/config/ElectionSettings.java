package io.netmaker.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Leader-election settings as they reach the child.
 *
 * @param enabled whether the child runs with {@code --leader-elect=true}
 * @param enabledSource why: the variable, or the default rule that applied
 * @param leaseName the Lease name ({@code --leader-election-id})
 * @param namespace the Lease namespace when known ({@code --leader-election-namespace})
 * @param namespaceSource where the namespace came from
 */
public record ElectionSettings(
        boolean enabled, String enabledSource, String leaseName, Optional<String> namespace, String namespaceSource) {

    public static final String DEFAULT_LEASE_NAME = "3820d23d.netmaker.io";
    public static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    static ElectionSettings parse(EnvReader env, Path namespaceFile) {
        Optional<Boolean> explicit = env.bool(Settings.ENABLE_LEADER_ELECTION);
        boolean podNameSet = env.isSet(Settings.POD_NAME);
        boolean enabled = explicit.orElse(podNameSet);
        String enabledSource = explicit.isPresent() ? Settings.ENABLE_LEADER_ELECTION
                : podNameSet ? "default (POD_NAME is set)" : "default (POD_NAME is not set)";
        String lease = env.string(Settings.LEADER_ELECTION_ID, DEFAULT_LEASE_NAME);
        Optional<String> namespace = env.string(Settings.POD_NAMESPACE);
        String namespaceSource = Settings.POD_NAMESPACE;
        if (namespace.isEmpty()) {
            namespace = readNamespace(namespaceFile);
            namespaceSource = namespace.isPresent() ? namespaceFile.toString() : "unknown";
        }
        return new ElectionSettings(enabled, enabledSource, lease, namespace, namespaceSource);
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

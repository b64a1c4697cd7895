package io.netmaker.e2e.sandbox;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kubeconfig file the sandbox writes for its mock API server (plain HTTP on loopback, a dummy token). */
public final class Kubeconfig {
    static final String CONTEXT = "netmaker-sandbox";

    private Kubeconfig() {}

    public static String render(String serverUrl, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: %3$s
                current-context: %1$s
                users:
                - name: %1$s
                  user:
                    token: sandbox-dummy-token
                """.formatted(CONTEXT, serverUrl, namespace);
    }

    /** A fabric8 client configuration read from {@code file}, with short timeouts suited to a loopback server. */
    public static Config clientConfig(Path file) {
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(file), file.toString());
            config.setRequestTimeout(5_000);
            config.setConnectionTimeout(2_000);
            config.setRequestRetryBackoffLimit(1);
            config.setUserAgent(RequestRecorder.HARNESS_USER_AGENT); // not recorded as agent or operator access
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

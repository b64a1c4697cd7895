package io.netmaker.agent;

import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.kubernetes.KubernetesAwareness;
import java.util.List;

/** The agent's entry point: {@code java -jar agent.jar run -- <operator command>}. */
public final class Main {
    private Main() {}

    /** Parts outside the core, in the order they are configured and contributed (built after the warm-up began). */
    static List<AgentExtension> extensions() {
        return List.of(KubernetesAwareness.inCluster());
    }

    public static void main(String[] args) {
        Warmup.start();
        int code = new AgentCli(System::getenv, System.getenv().keySet(), System.out, System.err, extensions(),
                ElectionSettings.SERVICE_ACCOUNT_NAMESPACE).execute(args);
        System.out.flush();
        System.exit(code);
    }
}

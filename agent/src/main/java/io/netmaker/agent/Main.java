package io.netmaker.agent;

import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.election.LeaderSettings;

/** The agent's entry point: {@code java -jar agent.jar run -- <operator command>}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Warmup.start();
        int code = new AgentCli(System::getenv, System.getenv().keySet(), System.out, System.err,
                ElectionSettings.SERVICE_ACCOUNT_NAMESPACE, LeaderSettings::systemHostname).execute(args);
        System.out.flush();
        System.exit(code);
    }
}

package io.netmaker.agent;

import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.election.LeaderSettings;
import org.slf4j.LoggerFactory;

/** The agent's entry point: {@code java -jar agent.jar run -- <operator command>}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Logging is initialised here, on the main thread, before any other thread exists: two threads initialising
        // SLF4J at once make it print "replayed" lines of its own ahead of a configuration error.
        LoggerFactory.getILoggerFactory();
        int code = new AgentCli(System::getenv, System.getenv().keySet(), System.out, System.err,
                ElectionSettings.SERVICE_ACCOUNT_NAMESPACE, LeaderSettings::systemHostname).execute(args);
        System.out.flush();
        System.exit(code);
    }
}

package io.netmaker.agent.child;

import io.netmaker.agent.config.AgentConfig;
import io.netmaker.agent.ports.PortKeeper;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the child with the command of the current port plan; after a taken port, re-plans first. */
public final class ChildLauncher implements Supervisor.Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(ChildLauncher.class);

    private final AgentConfig config;
    private final PortKeeper ports;
    private volatile ChildCommand command;

    public ChildLauncher(AgentConfig config, PortKeeper ports) {
        this.config = config;
        this.ports = ports;
    }

    /** Builds the command for the first plan and logs the flags it rewrote. */
    public ChildCommand prepare() {
        command = build();
        command.rewrites().forEach(r -> LOG.info("child flag rewritten {}", r));
        return command;
    }

    /** The command of the current plan (null before {@link #prepare()}). */
    public ChildCommand command() {
        return command;
    }

    @Override
    public Process launch(boolean replan) throws IOException {
        if (replan) {
            ports.replan();
            command = build();
        }
        ChildCommand c = command;
        ProcessBuilder pb = new ProcessBuilder(c.argv());
        c.applyTo(pb.environment());
        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private ChildCommand build() {
        return ChildCommand.build(config.operator(), ports.state().plan(), config.election(), config.dialect());
    }
}

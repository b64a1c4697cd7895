package io.netmaker.agent;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Takes signals from the JVM's default handling (which would run shutdown hooks and exit, or just die) and hands them
 * to the agent, tini-style: no signal the JVM lets us handle ends the agent while the child runs.
 *
 * <ul>
 *   <li>{@link #STOPPING}: the child is stopped for good and gets the same signal (SIGINT stays SIGINT), SIGKILL
 *       after {@code AGENT_SHUTDOWN_GRACE}; the agent exits with the child's code.</li>
 *   <li>{@link #FORWARDED}: sent to the child unchanged; the child decides (an exit it causes is an exit like any
 *       other, under the restart policy). With no child running (back-off, start gate) it is dropped and logged.</li>
 *   <li>Not forwarded: SIGQUIT (the JVM keeps it for its thread dump: the agent prints one and runs on), SIGKILL and
 *       SIGSTOP (no process can catch them), the synchronous faults (SEGV, BUS, FPE, ILL, TRAP, ABRT, SYS: the JVM's
 *       own), SIGPIPE (the JVM ignores it; handling it would forward the agent's own broken pipes), SIGTTIN and SIGTTOU
 *       (as tini), SIGCHLD (the agent's own).</li>
 * </ul>
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
    static final List<String> STOPPING = List.of("TERM", "INT");
    static final List<String> FORWARDED = List.of("HUP", "USR1", "USR2", "ALRM", "CONT", "TSTP", "WINCH", "URG",
            "XCPU", "XFSZ", "VTALRM", "PROF", "IO", "PWR", "STKFLT");

    private Signals() {}

    static void install(Agent agent) {
        for (String name : STOPPING) {
            handle(name, s -> agent.stop(s.getNumber()));
        }
        for (String name : FORWARDED) {
            handle(name, s -> agent.forward(name));
        }
    }

    private static void handle(String name, java.util.function.Consumer<Signal> action) {
        try {
            Signal.handle(new Signal(name), s -> {
                LOG.info("signal received signal=SIG{}", name);
                action.accept(s);
            });
        } catch (IllegalArgumentException e) {
            LOG.warn("signal not forwarded signal=SIG{} error={}", name, e.getMessage());
        }
    }
}

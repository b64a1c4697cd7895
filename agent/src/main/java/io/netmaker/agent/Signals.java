package io.netmaker.agent;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Takes SIGTERM and SIGINT from the JVM's default handling (which would run shutdown hooks and exit 143) and hands
 * them to the agent, which stops the child and exits with the child's code.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    static void forward(IntConsumer onSignal) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    LOG.info("signal received signal=SIG{}", name);
                    onSignal.accept(s.getNumber());
                });
            } catch (IllegalArgumentException e) {
                LOG.warn("signal not forwarded signal=SIG{} error={}", name, e.getMessage());
            }
        }
    }
}

package io.netmaker.agent.child;

/** Holds the first child start until it returns (sidecar wait gate). OPEN returns at once. */
public interface StartGate {
    /**
     * Returns when the child may start.
     *
     * @throws Refused when the child must not start at all: the agent exits with its code and reason
     */
    void await() throws InterruptedException;

    StartGate OPEN = () -> {};

    /** A gate's refusal to start the child; the supervisor ends with {@code exitCode} and records the reason. */
    class Refused extends RuntimeException {
        private final int exitCode;

        public Refused(int exitCode, String reason) {
            super(reason);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}

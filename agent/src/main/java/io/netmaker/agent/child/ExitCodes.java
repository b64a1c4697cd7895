package io.netmaker.agent.child;

/**
 * Exit codes as the agent reports them. The JDK already reports a signal death as {@code 128 + signal} on Linux
 * (see ProcessHandleImpl_unix.c), so the child's exit value is passed through unchanged; a shell's own
 * {@code exit 143} cannot be told apart from a SIGTERM death, exactly as with tini.
 */
public final class ExitCodes {
    public static final int CONFIG_ERROR = 2;
    public static final int SIGTERM = 15;
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;

    private ExitCodes() {}

    /** The signal number for a code above 128 (up to 128+64), else 0. */
    public static int signalOf(int code) {
        return code > 128 && code <= 128 + 64 ? code - 128 : 0;
    }

    /** {@code exited with code 3}, {@code killed by signal 9 (SIGKILL)}. */
    public static String describe(int code) {
        int signal = signalOf(code);
        return signal == 0 ? "exited with code " + code
                : "killed by signal " + signal + signalName(signal) + " (exit code " + code + ")";
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> " (SIGHUP)";
            case SIGINT -> " (SIGINT)";
            case 6 -> " (SIGABRT)";
            case SIGKILL -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case SIGTERM -> " (SIGTERM)";
            default -> "";
        };
    }
}

package io.netmaker.agent.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends signals to the child's processes. The JDK sends SIGTERM ({@link ProcessHandle#destroy()}) and SIGKILL
 * ({@link ProcessHandle#destroyForcibly()}) itself and nothing else: there is no {@code kill(2)} in its API, and the
 * foreign-function API that could call it is not final on Java 17, the agent's release level. Every other signal
 * goes through one long-lived {@code sh}, started on the first such signal, whose built-in {@code kill} sends it:
 * no process is forked per signal. The helper reads {@code <signal> <pid>} lines and answers {@code 0} (sent) or
 * {@code 1}; it ends when the agent closes it or exits (its input closes).
 */
final class Signaller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Signaller.class);
    private static final Pattern NAME = Pattern.compile("[A-Z0-9]{2,8}");
    private static final String LOOP =
            "while read -r sig pid; do if kill -s \"$sig\" \"$pid\" 2>/dev/null; then echo 0; else echo 1; fi; done";

    private Process helper;
    private Writer requests;
    private BufferedReader answers;
    private boolean closed;

    /** Sends {@code signal} (a name like {@code HUP}) to {@code pid}; false when it could not be sent. */
    synchronized boolean send(long pid, String signal) {
        if (signal.equals("TERM") || signal.equals("KILL")) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            return handle.isPresent() && (signal.equals("TERM") ? handle.get().destroy()
                    : handle.get().destroyForcibly());
        }
        if (!NAME.matcher(signal).matches() || closed) {
            return false;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (helper == null || !helper.isAlive()) {
                    start();
                }
                requests.write(signal + " " + pid + "\n");
                requests.flush();
                return "0".equals(answers.readLine());
            } catch (IOException e) {
                LOG.warn("signal not sent signal=SIG{} pid={} error={}", signal, pid, e.toString());
                stop();
            }
        }
        return false;
    }

    private void start() throws IOException {
        helper = new ProcessBuilder("sh", "-c", LOOP).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        requests = new OutputStreamWriter(helper.getOutputStream(), StandardCharsets.US_ASCII);
        answers = new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.US_ASCII));
    }

    private void stop() {
        if (helper != null) {
            helper.destroy();
            helper = null;
        }
    }

    /** Ends the helper (its input closes, its loop ends); later sends of other signals fail. */
    @Override
    public synchronized void close() {
        closed = true;
        if (helper != null) {
            try {
                requests.close();
            } catch (IOException e) {
                helper.destroy();
            }
            helper = null;
        }
    }
}

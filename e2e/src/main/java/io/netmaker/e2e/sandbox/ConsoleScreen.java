package io.netmaker.e2e.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox on a terminal: the live table at the top, the last replies and an input line at the bottom, redrawn
 * together so a refresh never wipes what the user is typing. The terminal is put in no-echo, no-signal mode
 * ({@code stty -icanon -echo -isig}) while the screen is open: keys are read one by one and Ctrl-C is a key that
 * stops the sandbox cleanly (exit 0) rather than a SIGINT to everything in the foreground, {@code make} included.
 * {@link #close()} restores the terminal's settings.
 */
final class ConsoleScreen implements AutoCloseable {
    private static final int REPLIES = 5;
    private static final String PROMPT = "sandbox> ";

    private final String savedStty;
    private final int rows;
    private final ConsoleControl control;
    private final CountDownLatch quit;
    private final PrintStream out;
    private final Deque<String> replies = new ArrayDeque<>();
    private final StringBuilder input = new StringBuilder();
    private String top = "";
    private boolean closed;

    private ConsoleScreen(String savedStty, int rows, ConsoleControl control, CountDownLatch quit, PrintStream out) {
        this.savedStty = savedStty;
        this.rows = rows;
        this.control = control;
        this.quit = quit;
        this.out = out;
    }

    /** Opens the screen when stdin is a terminal whose mode {@code stty} can set; empty otherwise. */
    static Optional<ConsoleScreen> open(ConsoleControl control, CountDownLatch quit, PrintStream out) {
        Optional<String> saved = stty("-g");
        if (saved.isEmpty() || stty("-icanon -echo -isig min 1").isEmpty()) {
            return Optional.empty();
        }
        int rows = stty("size").map(s -> s.split("\\s+")[0]).filter(s -> s.matches("\\d+")).map(Integer::parseInt)
                .filter(r -> r >= 10).orElse(40);
        ConsoleScreen screen = new ConsoleScreen(saved.get(), rows, control, quit, out);
        Thread keys = new Thread(screen::readKeys, "sandbox-keys");
        keys.setDaemon(true);
        keys.start();
        return Optional.of(screen);
    }

    /** Replaces the upper part (table and hints) and redraws. */
    synchronized void show(String text) {
        top = text;
        redraw();
    }

    private synchronized void redraw() {
        if (closed) {
            return;
        }
        String[] lines = top.split("\n", -1);
        int room = Math.max(1, rows - REPLIES - 3);
        StringBuilder s = new StringBuilder("\033[H");
        for (int i = 0; i < Math.min(lines.length, room); i++) {
            s.append(lines[i]).append("\033[K\r\n");
        }
        s.append("\033[2m---- replies (type a command; Ctrl-C stops everything) ----\033[0m\033[K\r\n");
        for (String reply : replies) {
            s.append(reply).append("\033[K\r\n");
        }
        s.append("\033[J").append(PROMPT).append(input);
        out.print(s);
        out.flush();
    }

    private void readKeys() {
        InputStream in = System.in;
        boolean escape = false;
        try {
            int b;
            while ((b = in.read()) >= 0) {
                if (escape) { // swallow an escape sequence (arrow keys and the like) up to its final letter
                    escape = b == '[' || b == 'O' || (b >= '0' && b <= '9') || b == ';';
                    continue;
                }
                int key = b;
                switch (key) {
                    case 3 -> { // Ctrl-C
                        quit.countDown();
                        return;
                    }
                    case 4 -> { // Ctrl-D on an empty line
                        if (input.isEmpty()) {
                            quit.countDown();
                            return;
                        }
                    }
                    case 27 -> escape = true;
                    case '\r', '\n' -> submit();
                    case 127, 8 -> edit(() -> input.setLength(Math.max(0, input.length() - 1)));
                    case 21 -> edit(() -> input.setLength(0)); // Ctrl-U
                    default -> {
                        if (key >= 32 && key < 127) {
                            edit(() -> input.append((char) key));
                        }
                    }
                }
            }
        } catch (IOException e) {
            // stdin closed: the table keeps running until Ctrl-C or --run-for
        }
    }

    private synchronized void edit(Runnable change) {
        change.run();
        redraw();
    }

    private void submit() {
        String line;
        synchronized (this) {
            line = input.toString().trim();
            input.setLength(0);
        }
        if (line.isEmpty()) {
            return;
        }
        String message = control.apply(line); // may take a moment (signals, API calls): outside the lock
        synchronized (this) {
            replies.addLast(PROMPT + line + "  ->  " + (message == null ? "ok" : message));
            while (replies.size() > REPLIES) {
                replies.removeFirst();
            }
            redraw();
        }
    }

    /** Restores the terminal and leaves the cursor below the screen's content. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stty(savedStty);
        out.print("\r\n");
        out.flush();
    }

    /** Runs {@code stty ARGS < /dev/tty}; its output when it succeeded. */
    private static Optional<String> stty(String args) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty " + args + " < /dev/tty")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

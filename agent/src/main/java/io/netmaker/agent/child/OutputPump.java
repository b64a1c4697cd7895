package io.netmaker.agent.child;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Copies one of the child's output streams to ours byte for byte, line by line, and notes when a line says
 * "address already in use" (Go: {@code bind: address already in use}; Java: {@code Address already in use}).
 */
final class OutputPump implements Runnable {
    static final String ADDRESS_IN_USE = "address already in use";

    private final InputStream in;
    private final OutputStream out;
    private final Runnable onAddressInUse;

    OutputPump(InputStream in, OutputStream out, Runnable onAddressInUse) {
        this.in = in;
        this.out = out;
        this.onAddressInUse = onAddressInUse;
    }

    static Thread start(String name, InputStream in, OutputStream out, Runnable onAddressInUse) {
        Thread t = new Thread(new OutputPump(in, out, onAddressInUse), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        byte[] chunk = new byte[8192];
        try {
            int n;
            // whatever one read returns is passed on at once: a partial line is not held back
            while ((n = in.read(chunk)) != -1) {
                synchronized (out) {
                    out.write(chunk, 0, n);
                    out.flush();
                }
                scan(chunk, n);
            }
        } catch (IOException e) {
            // the child closed its end; nothing left to copy
        }
        check();
    }

    private final StringBuilder current = new StringBuilder();

    /** Looks at each line (or at most 16 KiB of a long one) for "address already in use". */
    private void scan(byte[] buf, int len) {
        int from = 0;
        for (int i = 0; i < len; i++) {
            if (buf[i] == '\n') {
                current.append(new String(buf, from, i - from, StandardCharsets.ISO_8859_1));
                check();
                from = i + 1;
            }
        }
        current.append(new String(buf, from, len - from, StandardCharsets.ISO_8859_1));
        if (current.length() > 16384) {
            check();
        }
    }

    private void check() {
        if (current.toString().toLowerCase(Locale.ROOT).contains(ADDRESS_IN_USE)) {
            onAddressInUse.run();
        }
        current.setLength(0);
    }
}

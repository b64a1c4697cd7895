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
        byte[] line = new byte[8192];
        int len = 0;
        try {
            int b;
            while ((b = in.read()) != -1) {
                if (len == line.length) {
                    flush(line, len, false);
                    len = 0;
                }
                line[len++] = (byte) b;
                if (b == '\n' || in.available() == 0) {
                    flush(line, len, b == '\n');
                    len = 0;
                }
            }
            flush(line, len, false);
        } catch (IOException e) {
            // the child closed its end; nothing left to copy
        }
    }

    private final StringBuilder current = new StringBuilder();

    private void flush(byte[] buf, int len, boolean endOfLine) throws IOException {
        if (len > 0) {
            synchronized (out) {
                out.write(buf, 0, len);
                out.flush();
            }
            current.append(new String(buf, 0, len, StandardCharsets.ISO_8859_1));
        }
        if (endOfLine || current.length() > 16384) {
            if (current.toString().toLowerCase(Locale.ROOT).contains(ADDRESS_IN_USE)) {
                onAddressInUse.run();
            }
            current.setLength(0);
        }
    }
}

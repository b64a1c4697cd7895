package io.netmaker.agent.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Writes raw bytes to 127.0.0.1:port and reads the answer, with a read timeout so that a hang is a failure. */
final class RawHttp {
    /** The whole answer as text; {@code status} is 0 when the server closed without a status line. */
    record Answer(int status, String text) {}

    private RawHttp() {}

    static Answer send(int port, byte[] request, int timeoutMillis) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before reading everything (a huge header): read what it said
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    answer.write(buf, 0, n);
                    if (answer.size() > 1 << 20) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                if (answer.size() == 0) {
                    throw new AssertionError("no answer within " + timeoutMillis + " ms (the server hangs)", e);
                }
            } catch (IOException e) {
                // reset after the answer: keep what arrived
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            return new Answer(status(text), text);
        }
    }

    static Answer send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), 5000);
    }

    private static int status(String text) {
        if (!text.startsWith("HTTP/")) {
            return 0;
        }
        String[] parts = text.split(" ", 3);
        try {
            return Integer.parseInt(parts[1].trim());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}

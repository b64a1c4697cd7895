package io.netmaker.healthz.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.healthz.Checker;
import io.netmaker.healthz.HealthChecks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * controller-runtime's {@code pkg/healthz} (v0.18, behind Go's {@code http.ServeMux} as the manager installs it) as a
 * table of requests and the answers it gives, replayed over a raw socket against any server that installs
 * {@link #LIVENESS} on {@code /healthz} and {@link #READINESS} on {@code /readyz}. The cases follow
 * controller-runtime's own healthz_test.go and add what its mux does around the handler (unclean paths, unknown
 * paths, methods, trailing slashes).
 */
public final class ControllerRuntimeCases {
    /** Two passing checks, as in controller-runtime's tests. */
    public static final HealthChecks LIVENESS = new HealthChecks().add("ok1", Checker.PING).add("ok2", Checker.PING);
    /** One passing and one failing check ("blech"). */
    public static final HealthChecks READINESS = new HealthChecks().add("ok1", Checker.PING).add("bad1", () -> {
        throw new IllegalStateException("blech");
    });

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String HEALTHY_VERBOSE = "[+]ok1 ok\n[+]ok2 ok\nhealthz check passed\n";
    private static final String FAILED = "[-]bad1 failed: reason withheld\n[+]ok1 ok\nhealthz check failed\n";
    private static final String NOT_FOUND = "404 page not found\n";

    /** One request and controller-runtime's answer; a null field is not compared. */
    public record Case(String method, String target, int status, String body, String contentType, String location) {
        @Override
        public String toString() {
            return method + " " + target;
        }
    }

    private ControllerRuntimeCases() {}

    public static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // the aggregated endpoint
        c.add(get("/healthz", 200, "ok", TEXT));
        c.add(get("/readyz", 500, FAILED, TEXT));
        c.add(get("/readyz?exclude=bad1", 200, "ok", TEXT));
        c.add(get("/healthz?exclude=nonexistant", 200, "ok", TEXT));
        c.add(get("/healthz?verbose=true", 200, HEALTHY_VERBOSE, TEXT));
        c.add(get("/healthz?verbose", 200, HEALTHY_VERBOSE, TEXT));
        c.add(get("/healthz?verbose=false", 200, HEALTHY_VERBOSE, TEXT));
        c.add(get("/readyz?verbose=true", 500, FAILED, TEXT));
        c.add(get("/readyz?exclude=bad1&verbose", 200,
                "[+]bad1 excluded: ok\n[+]ok1 ok\nhealthz check passed\n", TEXT));
        c.add(get("/healthz?exclude=ok1&exclude=ok2&verbose", 200,
                "[+]ok1 excluded: ok\n[+]ok2 excluded: ok\nhealthz check passed\n", TEXT));
        c.add(get("/readyz?exclude=bad1&exclude=bad1", 200, "ok", TEXT));
        // a comma is part of the name: nothing is excluded and the failing check still fails
        c.add(get("/readyz?exclude=bad1,ok1", 500, "[-]bad1 failed: reason withheld\n[+]ok1 ok\n"
                + "warn: some health checks cannot be excluded: no matches for \"bad1,ok1\"\nhealthz check failed\n",
                TEXT));
        c.add(get("/healthz?exclude=nonexistant&verbose", 200, "[+]ok1 ok\n[+]ok2 ok\n"
                + "warn: some health checks cannot be excluded: no matches for \"nonexistant\"\n"
                + "healthz check passed\n", TEXT));
        c.add(get("/healthz?exclude=&verbose", 200, "[+]ok1 ok\n[+]ok2 ok\n"
                + "warn: some health checks cannot be excluded: no matches for \"\"\nhealthz check passed\n", TEXT));
        c.add(get("/healthz?exclude=zz&exclude=aa&verbose", 200, "[+]ok1 ok\n[+]ok2 ok\n"
                + "warn: some health checks cannot be excluded: no matches for \"aa\",\"zz\"\n"
                + "healthz check passed\n", TEXT));
        c.add(get("/readyz/", 500, FAILED, TEXT));
        // the per-check endpoints
        c.add(get("/readyz/ok1", 200, "ok", TEXT));
        c.add(get("/readyz/bad1", 500, "internal server error: blech\n", TEXT));
        c.add(get("/readyz/ok1/", 200, "ok", TEXT));
        c.add(get("/readyz/doesnotexist", 404, NOT_FOUND, TEXT));
        c.add(get("/readyz/ok1/extra", 404, NOT_FOUND, TEXT));
        c.add(get("/healthz/ping", 404, NOT_FOUND, TEXT));
        // the mux: unknown paths, unclean paths
        c.add(get("/nope", 404, NOT_FOUND, TEXT));
        c.add(get("/healthzx", 404, NOT_FOUND, TEXT));
        c.add(moved("/readyz/./ok1", "/readyz/ok1"));
        c.add(moved("/readyz//ok1", "/readyz/ok1"));
        c.add(moved("/readyz/x/../ok1", "/readyz/ok1"));
        c.add(moved("//readyz", "/readyz"));
        c.add(moved("/readyz/./bad1?verbose", "/readyz/bad1?verbose"));
        c.add(moved("/healthz/.", "/healthz"));
        c.add(new Case("POST", "/readyz/./ok1", 301, "", null, "/readyz/ok1"));
        // methods: the handler serves them all alike
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            c.add(new Case(method, "/healthz", 200, "ok", TEXT, null));
            c.add(new Case(method, "/readyz", 500, FAILED, TEXT, null));
            c.add(new Case(method, "/readyz/bad1", 500, "internal server error: blech\n", TEXT, null));
        }
        c.add(new Case("HEAD", "/healthz", 200, "", TEXT, null));
        c.add(new Case("HEAD", "/readyz", 500, "", TEXT, null));
        return List.copyOf(c);
    }

    private static Case get(String target, int status, String body, String contentType) {
        return new Case("GET", target, status, body, contentType, null);
    }

    private static Case moved(String target, String location) {
        return new Case("GET", target, 301, "<a href=\"" + location.replace("&", "&amp;") + "\">Moved Permanently</a>.\n\n",
                HTML, location);
    }

    /** Sends the case to 127.0.0.1:port and compares status, body, Content-Type and Location. */
    public static void assertConforms(int port, Case c) throws IOException {
        Answer a = send(port, c.method() + " " + c.target() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (c.method().equals("GET") || c.method().equals("HEAD") ? "" : "Content-Length: 0\r\n")
                + "Connection: close\r\n\r\n");
        assertThat(a.status()).as("status of %s", c).isEqualTo(c.status());
        if (c.body() != null) {
            assertThat(a.body()).as("body of %s", c).isEqualTo(c.body());
        }
        if (c.contentType() != null) {
            assertThat(normalized(a.headers().get("content-type"))).as("Content-Type of %s", c)
                    .isEqualTo(normalized(c.contentType()));
        }
        if (c.location() != null) {
            assertThat(a.headers().get("location")).as("Location of %s", c).isEqualTo(c.location());
        }
        if (c.status() == 200 || c.status() == 500 && c.contentType() != null) {
            assertThat(a.headers().get("x-content-type-options")).as("nosniff on %s", c).isEqualTo("nosniff");
        }
    }

    /** Media type and parameters without the optional spaces, lower-case (Jetty drops the space Go writes). */
    private static String normalized(String contentType) {
        return contentType == null ? null : contentType.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    record Answer(int status, Map<String, String> headers, String body) {}

    static Answer send(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] raw = readAll(s.getInputStream());
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toByteArray();
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}

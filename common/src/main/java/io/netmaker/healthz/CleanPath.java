package io.netmaker.healthz;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code http.ServeMux} path cleaning: {@code path.Clean}, keeping a trailing slash. */
public final class CleanPath {
    private CleanPath() {}

    public static String of(String p) {
        if (p == null || p.isEmpty()) {
            return "/";
        }
        if (p.charAt(0) != '/') {
            p = "/" + p;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast(); // ".." at the root stays at the root
            } else {
                segments.addLast(s);
            }
        }
        String clean = "/" + String.join("/", segments);
        if (p.endsWith("/") && !clean.equals("/")) {
            clean += "/";
        }
        return clean;
    }
}

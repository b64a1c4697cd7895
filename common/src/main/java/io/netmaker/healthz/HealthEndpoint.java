package io.netmaker.healthz;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.router.Endpoint;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Serves a {@link HealthChecks} set on a path exactly as controller-runtime's {@code pkg/healthz} behind Go's
 * {@code http.ServeMux} does: {@code <path>} answers {@code ok} or 500 with every check's line; {@code ?verbose}
 * lists the lines on success; {@code ?exclude=name} (repeatable, never split) skips checks; {@code <path>/<name>}
 * runs one check and names its error; every method is served alike (see {@link #METHODS}).
 */
public final class HealthEndpoint {
    /**
     * The methods served like GET. Go serves any method; TRACE and CONNECT are left out here (the server answers
     * them itself), which is the one deliberate difference from controller-runtime.
     */
    public static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
            HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);
    /** Go's {@code http.NotFound} body. */
    public static final String NOT_FOUND = "404 page not found\n";

    private final String path;
    private final HealthChecks checks;

    public HealthEndpoint(String path, HealthChecks checks) {
        this.path = path;
        this.checks = checks;
    }

    /** Registers the aggregate and the per-check paths for every method in {@link #METHODS}. */
    public void install(RoutesConfig routes) {
        for (HandlerType method : METHODS) {
            routes.addEndpoint(new Endpoint(method, path, this::serve));
            routes.addEndpoint(new Endpoint(method, path + "/<rest>", this::serve));
        }
    }

    /**
     * The parts of Go's {@code http.ServeMux} a probe client can see, once per server: an unclean path (dot
     * segments, doubled slashes) is redirected 301 to the clean one with its query, and unknown paths answer
     * {@code 404 page not found}.
     */
    public static void installServeMuxRules(RoutesConfig routes) {
        routes.before(HealthEndpoint::redirectUnclean);
        routes.error(404, ctx -> write(ctx, new Response(404, NOT_FOUND)));
    }

    /** True for the paths this endpoint answers (with any status), so servers can exempt them from filters. */
    public static boolean isProbePath(String requestPath, String... probePaths) {
        for (String p : probePaths) {
            if (requestPath.equals(p) || requestPath.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The status and body for an aggregated request; pure, so both servers and tests share it. */
    public Response render(Set<String> exclude, boolean verbose) {
        HealthChecks.Report report = checks.runAll(exclude);
        if (report.healthy() && !verbose) {
            return new Response(200, "ok");
        }
        StringBuilder out = new StringBuilder();
        for (CheckResult r : report.results()) {
            out.append(r.line()).append('\n');
        }
        if (!report.unmatchedExcludes().isEmpty()) {
            out.append("warn: some health checks cannot be excluded: no matches for ")
                    .append(new TreeSet<>(report.unmatchedExcludes()).stream()
                            .map(HealthEndpoint::quoted).collect(Collectors.joining(",")))
                    .append('\n');
        }
        // controller-runtime's trailer says "healthz" on every path, /readyz included
        return report.healthy()
                ? new Response(200, out + "healthz check passed\n")
                : new Response(500, out + "healthz check failed\n");
    }

    private void serve(Context ctx) {
        String rest = ctx.path().substring(path.length());
        // Go strips the prefix and cleans the rest: "/readyz/" is the aggregate, "/readyz/child/" the check
        String name = rest.isEmpty() || rest.equals("/") ? "" : trimSlashes(rest);
        if (name.isEmpty()) {
            write(ctx, render(Set.copyOf(ctx.queryParams("exclude")), ctx.queryParamMap().containsKey("verbose")));
            return;
        }
        Response response = name.contains("/") ? null : checks.runOne(name)
                .map(r -> r.failed()
                        ? new Response(500, "internal server error: " + r.error() + "\n")
                        : new Response(200, "ok"))
                .orElse(null);
        write(ctx, response == null ? new Response(404, NOT_FOUND) : response);
    }

    private static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }

    private static void redirectUnclean(Context ctx) {
        String raw = ctx.req().getRequestURI();
        String clean = CleanPath.of(raw);
        if (!clean.equals(raw) && ctx.method() != HandlerType.CONNECT) {
            String query = ctx.queryString();
            String location = query == null ? clean : clean + "?" + query;
            ctx.status(HttpStatus.MOVED_PERMANENTLY).header("Location", location);
            if (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD) {
                ctx.contentType("text/html; charset=utf-8");
            }
            if (ctx.method() == HandlerType.GET) {
                ctx.result("<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n");
            }
            ctx.skipRemainingHandlers();
        }
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }

    /** Go's {@code %q} for the plain names a query can carry. */
    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void write(Context ctx, Response response) {
        ctx.status(HttpStatus.forStatus(response.status()));
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(response.body());
    }

    /** An HTTP status and a plain-text body. */
    public record Response(int status, String body) { }
}

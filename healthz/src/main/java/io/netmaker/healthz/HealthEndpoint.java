package io.netmaker.healthz;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Serves a {@link HealthChecks} set on a path the way controller-runtime's {@code pkg/healthz} does:
 * {@code GET <path>} answers {@code ok} or 500 with every check's line; {@code ?verbose} lists the lines on success;
 * {@code ?exclude=name} (repeatable) skips checks; {@code <path>/<name>} runs one check and names its error.
 */
public final class HealthEndpoint {
    private final String path;
    private final HealthChecks checks;

    public HealthEndpoint(String path, HealthChecks checks) {
        this.path = path;
        this.checks = checks;
    }

    /** Registers GET and HEAD for the aggregate and the per-check paths. */
    public void install(RoutesConfig routes) {
        routes.get(path, this::aggregate);
        routes.head(path, this::aggregate);
        routes.get(path + "/{name}", this::single);
        routes.head(path + "/{name}", this::single);
    }

    /** The status and body for an aggregated request; pure, so both servers and tests share it. */
    public Response render(Set<String> exclude, boolean verbose) {
        HealthChecks.Report report = checks.runAll(exclude);
        StringBuilder out = new StringBuilder();
        for (CheckResult r : report.results()) {
            out.append(r.line()).append('\n');
        }
        if (!report.unmatchedExcludes().isEmpty()) {
            out.append("warn: some health checks cannot be excluded: no matches for ")
                    .append(new TreeSet<>(report.unmatchedExcludes()).stream()
                            .map(n -> '"' + n + '"').collect(Collectors.joining(",")))
                    .append('\n');
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!report.healthy()) {
            return new Response(500, out + name + " check failed\n");
        }
        return verbose ? new Response(200, out + name + " check passed\n") : new Response(200, "ok");
    }

    private void aggregate(Context ctx) {
        List<String> excludes = ctx.queryParams("exclude");
        Set<String> exclude = new HashSet<>();
        for (String e : excludes) {
            for (String part : e.split(",")) {
                if (!part.isBlank()) {
                    exclude.add(part.trim());
                }
            }
        }
        write(ctx, render(exclude, ctx.queryParamMap().containsKey("verbose")));
    }

    private void single(Context ctx) {
        String name = ctx.pathParam("name");
        Response response = checks.runOne(name)
                .map(r -> r.failed()
                        ? new Response(500, "internal server error: " + r.error() + "\n")
                        : new Response(200, "ok"))
                .orElseGet(() -> new Response(404, "404 page not found\n"));
        write(ctx, response);
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

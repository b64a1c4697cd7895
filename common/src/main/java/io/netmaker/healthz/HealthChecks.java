package io.netmaker.healthz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread-safe set of named checks, run in name order. Checks may be added after the endpoint is installed
 * (the agent adds its leader and sidecar checks once it knows it needs them).
 */
public final class HealthChecks {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Map<String, Checker> checks = new ConcurrentSkipListMap<>();

    /** Adds a check. Names are lower-case DNS-label-like, so that {@code /readyz/<name>} is a plain path. */
    public HealthChecks add(String name, Checker checker) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("check name must match " + NAME.pattern() + ": " + name);
        }
        if (checks.putIfAbsent(name, checker) != null) {
            throw new IllegalArgumentException("check already registered: " + name);
        }
        return this;
    }

    public Set<String> names() {
        return checks.isEmpty() ? Set.of("ping") : Set.copyOf(checks.keySet());
    }

    /** Runs one check by name; empty when there is no such check. */
    public Optional<CheckResult> runOne(String name) {
        Checker checker = effective().get(name);
        return checker == null ? Optional.empty() : Optional.of(run(name, checker));
    }

    /** Runs every check except the excluded ones; names that match no check are returned in {@code unmatched}. */
    public Report runAll(Set<String> exclude) {
        Set<String> unmatched = new HashSet<>(exclude);
        List<CheckResult> results = new ArrayList<>();
        for (Map.Entry<String, Checker> e : effective().entrySet()) {
            if (unmatched.remove(e.getKey())) {
                results.add(new CheckResult(e.getKey(), CheckResult.Outcome.EXCLUDED, null));
            } else {
                results.add(run(e.getKey(), e.getValue()));
            }
        }
        return new Report(List.copyOf(results), Set.copyOf(unmatched));
    }

    private Map<String, Checker> effective() {
        return checks.isEmpty() ? Map.of("ping", Checker.PING) : checks;
    }

    private static CheckResult run(String name, Checker checker) {
        try {
            checker.check();
            return new CheckResult(name, CheckResult.Outcome.OK, null);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.debug("health check failed checker={} reason={}", name, reason);
            return new CheckResult(name, CheckResult.Outcome.FAILED, reason);
        }
    }

    /** The results of one aggregated run. */
    public record Report(List<CheckResult> results, Set<String> unmatchedExcludes) {
        public boolean healthy() {
            return results.stream().noneMatch(CheckResult::failed);
        }
    }
}

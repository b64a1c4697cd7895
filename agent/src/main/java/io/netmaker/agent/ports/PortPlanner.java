package io.netmaker.agent.ports;

import io.netmaker.agent.config.ConflictPolicy;
import io.netmaker.agent.config.PortSettings;
import io.netmaker.agent.config.PortStrategy;
import io.netmaker.agent.config.Settings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Plans the pod's ports. Pure apart from the injected {@link PortCheck} (is a port free?) and loopback supplier
 * (an OS-chosen free loopback port). See docs/operations/ports.md for the rules.
 */
public final class PortPlanner {
    public static final String HASH_SOURCE = "hash(POD_NAME)";
    private static final int LOOPBACK_TRIES = 32;

    private final PortSettings settings;
    private final PortCheck check;
    private final IntSupplier loopback;

    public PortPlanner(PortSettings settings, PortCheck check, IntSupplier loopback) {
        this.settings = settings;
        this.check = check;
        this.loopback = loopback;
    }

    /** The seed rule for both kubelet-facing ports, before any binding. */
    public record Seeds(String rule, PlannedPort health, PlannedPort proxy, boolean hashed) {}

    /** Applies the seed rules only; pure. */
    public static Seeds seed(PortSettings s) {
        String rule = hashRule(s);
        boolean hash = rule.startsWith("hash") && s.podName().isPresent();
        String name = s.podName().orElse("");
        PlannedPort health = seedOne(PortRole.HEALTH, s.healthProbePort(), Settings.HEALTH_PROBE_PORT,
                PortSettings.HEALTH_BASE, hash, name);
        PlannedPort proxy = seedOne(PortRole.PROXY, s.proxyPort(), Settings.PROXY_PORT,
                PortSettings.PROXY_BASE, hash, name);
        if (!hash && rule.startsWith("hash")) {
            rule = rule + "; POD_NAME is not set, so the defaults apply";
        }
        return new Seeds(rule, health, proxy, hash);
    }

    /**
     * Resolves every role, checking each port by binding it. An explicitly set port is resolved before a seeded one,
     * so that {@code HEALTH_PROBE_PORT=8085} keeps 8085 and the default proxy port moves instead.
     */
    public PortPlan plan() throws PortPlanException {
        Seeds seeds = seed(settings);
        List<PortConflict> conflicts = new ArrayList<>();
        boolean proxyFirst = settings.proxyPort().isPresent() && settings.healthProbePort().isEmpty();
        PlannedPort first = proxyFirst ? seeds.proxy() : seeds.health();
        PlannedPort second = proxyFirst ? seeds.health() : seeds.proxy();
        Set<Integer> used = new HashSet<>();
        if (second.port() != first.port()) {
            used.add(second.port()); // keep a walk off the other role's seed
        }
        PlannedPort firstResolved = resolve(first, used, conflicts);
        used.clear();
        used.add(firstResolved.port());
        PlannedPort secondResolved = resolve(second, used, conflicts);
        used.add(secondResolved.port());
        PlannedPort health = proxyFirst ? secondResolved : firstResolved;
        PlannedPort proxy = proxyFirst ? firstResolved : secondResolved;
        return withChildPorts(seeds.rule(), health, proxy, used, conflicts);
    }

    /**
     * Plans again after the child met a taken port: keeps the health port (the agent serves it already) and
     * checks the rest anew, with fresh loopback ports.
     */
    public PortPlan replan(PortPlan previous) throws PortPlanException {
        Seeds seeds = seed(settings);
        List<PortConflict> conflicts = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        PlannedPort health = previous.get(PortRole.HEALTH);
        used.add(health.port());
        PlannedPort proxy = resolve(seeds.proxy(), used, conflicts);
        used.add(proxy.port());
        return withChildPorts(previous.rule(), health, proxy, used, conflicts);
    }

    private PortPlan withChildPorts(String rule, PlannedPort health, PlannedPort proxy, Set<Integer> used,
            List<PortConflict> conflicts) throws PortPlanException {
        PlannedPort probe = loopbackPort(PortRole.CHILD_PROBE, used);
        used.add(probe.port());
        PlannedPort metrics = settings.childMetrics()
                ? loopbackPort(PortRole.CHILD_METRICS, used)
                : new PlannedPort(PortRole.CHILD_METRICS, 0, "off (" + Settings.CHILD_METRICS + "=false)", 0);
        return new PortPlan(rule, List.of(health, proxy, probe, metrics), conflicts);
    }

    private static String hashRule(PortSettings s) {
        PortStrategy strategy = s.strategy();
        if (strategy == PortStrategy.FIXED) {
            return "fixed: " + Settings.PORT_STRATEGY + "=fixed never hashes";
        }
        if (strategy == PortStrategy.HASH) {
            return "hash: " + Settings.PORT_STRATEGY + "=hash";
        }
        if (s.hostNetworkDeclared()) {
            return "hash: auto, " + Settings.HOST_NETWORK + "=true, the pod shares the node's network";
        }
        Optional<String> podIp = s.podIp();
        Optional<String> hostIp = s.hostIp();
        if (podIp.isPresent() && hostIp.isPresent()) {
            return podIp.get().equals(hostIp.get())
                    ? "hash: auto, POD_IP equals HOST_IP, the pod shares the node's network"
                    : "fixed: auto, POD_IP differs from HOST_IP, the pod has its own network namespace and"
                            + " its ports cannot collide";
        }
        return "fixed: auto, POD_IP or HOST_IP not set, assuming the pod has its own network namespace";
    }

    private static PlannedPort seedOne(PortRole role, OptionalInt explicit, String variable, int base,
            boolean hash, String podName) {
        if (explicit.isPresent()) {
            return new PlannedPort(role, explicit.getAsInt(), variable, explicit.getAsInt());
        }
        if (hash) {
            int port = Fnv1a.offsetPort(base, podName);
            return new PlannedPort(role, port, HASH_SOURCE, port);
        }
        return new PlannedPort(role, base, "default", base);
    }

    private PlannedPort resolve(PlannedPort seed, Set<Integer> used, List<PortConflict> conflicts)
            throws PortPlanException {
        int port = seed.port();
        String reason = used.contains(port) ? "used by another role"
                : seed.source().equals(HASH_SOURCE) && settings.reservedPorts().contains(port) ? "reserved"
                : check.isFree(port) ? null : "in use";
        if (reason == null) {
            return seed;
        }
        conflicts.add(new PortConflict(seed.role(), port, reason));
        if (settings.conflictPolicy() == ConflictPolicy.FAIL) {
            throw new PortPlanException("port " + port + " for " + seed.role().label() + " (" + seed.source()
                    + ") is " + reason + " and " + Settings.PORT_CONFLICT_POLICY + "=fail", conflicts);
        }
        for (int p = port + 1; p <= 65535; p++) {
            if (!used.contains(p) && !settings.reservedPorts().contains(p) && check.isFree(p)) {
                return new PlannedPort(seed.role(), p, "next-free", seed.port());
            }
        }
        throw new PortPlanException("no free port above " + port + " for " + seed.role().label(), conflicts);
    }

    private PlannedPort loopbackPort(PortRole role, Set<Integer> used) throws PortPlanException {
        for (int i = 0; i < LOOPBACK_TRIES; i++) {
            int port = loopback.getAsInt();
            if (port > 0 && !used.contains(port) && !settings.reservedPorts().contains(port)) {
                return new PlannedPort(role, port, "loopback", port);
            }
        }
        throw new PortPlanException("no free loopback port for " + role.label(), List.of());
    }
}

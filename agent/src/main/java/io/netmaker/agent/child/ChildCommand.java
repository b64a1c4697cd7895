package io.netmaker.agent.child;

import io.netmaker.agent.config.ChildDialect;
import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.config.OperatorArgs;
import io.netmaker.agent.config.Settings;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child's argv and the environment changes the agent makes. Built by a pure function from the parsed operator
 * command, the port plan, the election settings and the child's dialect; only flags the dialect defines are passed.
 *
 * @param argv the full command line
 * @param envChanges the variables the agent sets (never inherited values)
 * @param envRemovals the variables the agent removes from the inherited environment
 * @param rewrites one line per flag the user passed and the agent replaced
 */
public record ChildCommand(List<String> argv, Map<String, String> envChanges, List<String> envRemovals,
        List<String> rewrites) {

    public ChildCommand {
        argv = List.copyOf(argv);
        envChanges = Map.copyOf(envChanges);
        envRemovals = List.copyOf(envRemovals);
        rewrites = List.copyOf(rewrites);
    }

    public static ChildCommand build(OperatorArgs operator, PortPlan plan, ElectionSettings election,
            ChildDialect dialect) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ChildDialect.LEADER_ELECT, Boolean.toString(election.enabled()));
        if (election.enabled() && dialect.hasLeaseFlags()) {
            flags.put(ChildDialect.LEADER_ELECTION_ID, election.leaseName());
            election.namespace().ifPresent(ns -> flags.put(ChildDialect.LEADER_ELECTION_NAMESPACE, ns));
        }
        int probe = plan.port(PortRole.CHILD_PROBE);
        int metrics = plan.port(PortRole.CHILD_METRICS);
        flags.put(ChildDialect.HEALTH_PROBE_BIND_ADDRESS, "127.0.0.1:" + probe);
        flags.put(ChildDialect.METRICS_BIND_ADDRESS, metrics == 0 ? "0" : "127.0.0.1:" + metrics);
        if (metrics != 0) {
            // the agent reads the child's metrics (leader status, merged /metrics) over plain HTTP on loopback
            flags.put(ChildDialect.METRICS_SECURE, "false");
        }
        List<String> rewrites = new ArrayList<>();
        List<String> argv = operator.withFlags(flags, rewrites);
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Settings.PROXY_PORT, Integer.toString(plan.port(PortRole.PROXY)));
        // the probe address travels in the flag; a Go child would turn HEALTH_PROBE_PORT into ":PORT" (every interface)
        return new ChildCommand(argv, env, List.of(Settings.HEALTH_PROBE_PORT), rewrites);
    }

    /** Applies {@link #envChanges()} and {@link #envRemovals()} to a process's environment. */
    public void applyTo(Map<String, String> environment) {
        envRemovals.forEach(environment::remove);
        environment.putAll(envChanges);
    }
}

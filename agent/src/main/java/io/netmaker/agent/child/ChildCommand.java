package io.netmaker.agent.child;

import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.config.Settings;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The child's argv and the environment changes the agent makes. Built by a pure function from the operator command,
 * the port plan and the election settings.
 *
 * @param argv the full command line
 * @param envChanges the variables the agent sets (never inherited values)
 * @param rewrites one line per flag the user passed and the agent replaced
 */
public record ChildCommand(List<String> argv, Map<String, String> envChanges, List<String> rewrites) {

    public static final String LEADER_ELECT = "leader-elect";
    public static final String LEADER_ELECTION_ID = "leader-election-id";
    public static final String LEADER_ELECTION_NAMESPACE = "leader-election-namespace";
    public static final String HEALTH_PROBE_BIND_ADDRESS = "health-probe-bind-address";
    public static final String METRICS_BIND_ADDRESS = "metrics-bind-address";
    private static final Set<String> BOOLEAN_FLAGS = Set.of(LEADER_ELECT);

    public ChildCommand {
        argv = List.copyOf(argv);
        envChanges = Map.copyOf(envChanges);
        rewrites = List.copyOf(rewrites);
    }

    /**
     * @param operator the command after {@code --}; its first element is the program
     */
    public static ChildCommand build(List<String> operator, PortPlan plan, ElectionSettings election) {
        if (operator.isEmpty()) {
            throw new IllegalArgumentException("no operator command given after --");
        }
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(LEADER_ELECT, Boolean.toString(election.enabled()));
        if (election.enabled()) {
            flags.put(LEADER_ELECTION_ID, election.leaseName());
            election.namespace().ifPresent(ns -> flags.put(LEADER_ELECTION_NAMESPACE, ns));
        }
        int probe = plan.port(PortRole.CHILD_PROBE);
        int metrics = plan.port(PortRole.CHILD_METRICS);
        flags.put(HEALTH_PROBE_BIND_ADDRESS, "127.0.0.1:" + probe);
        flags.put(METRICS_BIND_ADDRESS, metrics == 0 ? "0" : "127.0.0.1:" + metrics);

        List<String> rewrites = new ArrayList<>();
        List<String> argv = rewrite(operator, flags, rewrites);
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Settings.PROXY_PORT, Integer.toString(plan.port(PortRole.PROXY)));
        env.put(Settings.HEALTH_PROBE_PORT, Integer.toString(probe));
        return new ChildCommand(argv, env, rewrites);
    }

    /**
     * Removes every occurrence of the managed flags ({@code -x}/{@code --x}, {@code =v} or a separate value) from the
     * flag part of the command (up to a {@code --} terminator) and adds the agent's values where the flags end.
     */
    static List<String> rewrite(List<String> operator, Map<String, String> flags, List<String> rewrites) {
        List<String> out = new ArrayList<>();
        out.add(operator.get(0));
        int terminator = operator.size();
        for (int i = 1; i < operator.size(); i++) {
            String arg = operator.get(i);
            if (arg.equals("--")) {
                terminator = i;
                break;
            }
            String name = flagName(arg);
            if (name == null || !flags.containsKey(name)) {
                out.add(arg);
                continue;
            }
            String old;
            int eq = arg.indexOf('=');
            if (eq >= 0) {
                old = arg.substring(eq + 1);
            } else if (BOOLEAN_FLAGS.contains(name)) {
                boolean literal = i + 1 < operator.size() && isBoolLiteral(operator.get(i + 1));
                old = literal ? operator.get(++i) : "true";
            } else if (i + 1 < operator.size()) {
                old = operator.get(++i);
            } else {
                old = "";
            }
            rewrites.add("--" + name + " " + old + " -> " + flags.get(name));
        }
        flags.forEach((name, value) -> out.add("--" + name + "=" + value));
        out.addAll(operator.subList(terminator, operator.size()));
        return out;
    }

    private static String flagName(String arg) {
        String body = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-") ? arg.substring(1) : null;
        if (body == null || body.isEmpty()) {
            return null;
        }
        int eq = body.indexOf('=');
        return eq >= 0 ? body.substring(0, eq) : body;
    }

    private static boolean isBoolLiteral(String s) {
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    }
}

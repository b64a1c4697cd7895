package io.netmaker.agent;

import io.netmaker.agent.child.ChildCommand;
import io.netmaker.agent.config.ChildDialect;
import io.netmaker.agent.config.AgentConfig;
import io.netmaker.agent.config.ElectionSettings;
import io.netmaker.agent.config.EnvReader;
import io.netmaker.agent.ports.PlannedPort;
import io.netmaker.agent.ports.PortConflict;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the agent will do: the ports, the election settings and the child's command. Printed by {@code agent plan}. */
public record AgentPlan(PortPlan ports, ElectionSettings election, ChildDialect dialect, ChildCommand child,
        List<String> warnings) {

    public static AgentPlan of(AgentConfig config, PortPlan ports) {
        return new AgentPlan(ports, config.election(), config.dialect(),
                ChildCommand.build(config.operator(), ports, config.election(), config.dialect()),
                config.operator().warnings());
    }

    public static Map<String, Object> electionView(ElectionSettings e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("enabled", e.enabled());
        view.put("source", e.enabledSource());
        view.put("leaseName", e.leaseName());
        view.put("namespace", e.namespace().orElse(null));
        view.put("namespaceSource", e.namespaceSource());
        return view;
    }

    public static Map<String, Object> childView(ChildCommand c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("argv", c.argv());
        view.put("envChanges", c.envChanges());
        view.put("envRemovals", c.envRemovals());
        view.put("rewrites", c.rewrites());
        return view;
    }

    public Map<String, Object> view(List<PortConflict> conflicts) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("ports", PortState.view(ports, conflicts));
        view.put("election", electionView(election));
        Map<String, Object> childView = new LinkedHashMap<>();
        childView.put("dialect", EnvReader.configName(dialect));
        childView.putAll(childView(child));
        childView.put("warnings", warnings);
        view.put("child", childView);
        return view;
    }

    /** The human-readable form: one line per port with its source, then election and the child. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("port rule: ").append(ports.rule()).append('\n');
        for (PlannedPort p : ports.ports()) {
            out.append(String.format("port %-13s %5d  source=%s%s%n", p.role().label(), p.port(), p.source(),
                    p.seed() != p.port() ? " seed=" + p.seed() : ""));
        }
        for (PortConflict c : ports.conflicts()) {
            out.append(String.format("conflict %s port=%d reason=%s%n", c.role().label(), c.port(), c.reason()));
        }
        out.append("leader election: ").append(election.enabled()).append(" (").append(election.enabledSource())
                .append(")\n");
        out.append("lease: ").append(election.leaseName()).append(" namespace=")
                .append(election.namespace().orElse("unknown")).append(" (").append(election.namespaceSource())
                .append(")\n");
        out.append("child dialect: ").append(EnvReader.configName(dialect)).append('\n');
        out.append("child argv:");
        child.argv().forEach(a -> out.append(' ').append(quote(a)));
        out.append('\n');
        child.envChanges().forEach((k, v) -> out.append("child env: ").append(k).append('=').append(v).append('\n'));
        child.envRemovals().forEach(k -> out.append("child env removed: ").append(k).append('\n'));
        child.rewrites().forEach(r -> out.append("child flag rewritten: ").append(r).append('\n'));
        warnings.forEach(w -> out.append("warning: ").append(w).append('\n'));
        return out.toString();
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}

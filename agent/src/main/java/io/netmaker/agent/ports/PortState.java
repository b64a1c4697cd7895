package io.netmaker.agent.ports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The current plan and every conflict met since start; shared by /status, /readyz, metrics and ports.json. */
public final class PortState {
    private PortPlan plan;
    private final List<PortConflict> conflicts = new ArrayList<>();
    private String unresolved;

    public PortState(PortPlan plan) {
        this.plan = plan;
        this.conflicts.addAll(plan.conflicts());
    }

    public synchronized PortPlan plan() {
        return plan;
    }

    public synchronized void replanned(PortPlan next) {
        plan = next;
        conflicts.addAll(next.conflicts());
        unresolved = null;
    }

    /** The child reported a taken port, or a re-plan failed; readiness fails until the next good plan. */
    public synchronized void unresolved(String reason) {
        unresolved = reason;
    }

    public synchronized String unresolvedReason() {
        return unresolved;
    }

    public synchronized List<PortConflict> conflicts() {
        return List.copyOf(conflicts);
    }

    /**
     * The JSON shape of a plan, used by /status, ports.json and {@code agent plan --output json}. The first keys are
     * the plain {@code "<role>": <port>} pairs, so that scripts (the image's exec probe) can read
     * {@code "health": 8644} without a JSON parser; details follow under {@code ports}.
     */
    public static Map<String, Object> view(PortPlan plan, List<PortConflict> conflicts) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (PlannedPort p : plan.ports()) {
            view.put(p.role().label(), p.port());
        }
        Map<String, Object> ports = new LinkedHashMap<>();
        for (PlannedPort p : plan.ports()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("port", p.port());
            one.put("source", p.source());
            one.put("seed", p.seed());
            ports.put(p.role().label(), one);
        }
        List<Map<String, Object>> conflictList = new ArrayList<>();
        for (PortConflict c : conflicts) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("role", c.role().label());
            one.put("port", c.port());
            one.put("reason", c.reason());
            conflictList.add(one);
        }
        view.put("rule", plan.rule());
        view.put("ports", ports);
        view.put("conflicts", conflictList);
        return view;
    }

    public synchronized Map<String, Object> view() {
        Map<String, Object> view = view(plan, conflicts);
        view.put("unresolved", unresolved);
        return view;
    }
}

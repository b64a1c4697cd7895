package io.netmaker.agent.ports;

import java.util.List;

/** No usable plan: a conflict under the {@code fail} policy, or no free port left. */
public final class PortPlanException extends Exception {
    private final transient List<PortConflict> conflicts;

    public PortPlanException(String message, List<PortConflict> conflicts) {
        super(message);
        this.conflicts = List.copyOf(conflicts);
    }

    public List<PortConflict> conflicts() {
        return conflicts;
    }
}

package io.netmaker.agent.ports;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The resolved ports of the pod.
 *
 * @param rule which seed rule applied and why (for example "hash: POD_IP equals HOST_IP ...")
 * @param ports one entry per role, in role order
 * @param conflicts every conflict met while resolving
 */
public record PortPlan(String rule, List<PlannedPort> ports, List<PortConflict> conflicts) {

    public PortPlan {
        ports = List.copyOf(ports);
        conflicts = List.copyOf(conflicts);
    }

    public PlannedPort get(PortRole role) {
        return ports.stream().filter(p -> p.role() == role).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no port planned for " + role.label()));
    }

    public int port(PortRole role) {
        return get(role).port();
    }
}

package io.netmaker.agent.election;

import java.util.LinkedHashMap;
import java.util.Map;

/** The child's Lease identity is {@code POD_NAME} (this repository's operator): authoritative, bound to every child. */
public final class PodNameIdentity implements ChildIdentity {
    private final String podName;

    public PodNameIdentity(String podName) {
        this.podName = podName;
    }

    @Override
    public String rule() {
        return "pod-name";
    }

    @Override
    public LeaderState stateFor(String holder) {
        return podName.equals(holder) ? LeaderState.LEADING : LeaderState.STANDBY;
    }

    @Override
    public void childStarted(long pid) {}

    @Override
    public String childExited() {
        return podName;
    }

    @Override
    public Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identityRule", rule());
        out.put("childIdentity", podName);
        return out;
    }
}

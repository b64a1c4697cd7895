package io.netmaker.agent.status;

import java.util.LinkedHashMap;
import java.util.Map;

/** One section of the /status JSON, rendered with Jackson from snapshot(). */
public interface StatusSection {
    String name();

    Object snapshot();

    /** A section for a part that is off: {@code {"state": "off", "reason": ...}}. */
    static StatusSection off(String name, String reason) {
        return new StatusSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Object snapshot() {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("state", "off");
                out.put("reason", reason);
                return out;
            }
        };
    }
}

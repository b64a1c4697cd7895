package io.netmaker.e2e.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A read-only view of an agent's {@code /status} JSON (or its {@code ports.json}): the plan's ports and sources,
 * the child's pid and restarts, the {@code leader} and {@code sidecar} sections.
 */
public final class AgentStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;

    private AgentStatus(JsonNode root) {
        this.root = root;
    }

    public static Optional<AgentStatus> parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? Optional.of(new AgentStatus(node)) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    public JsonNode json() {
        return root;
    }

    /** The planned port of {@code role} ({@code health} or {@code proxy}). */
    public OptionalInt port(String role) {
        return portEntry(role).map(e -> e.isInt() ? e : e.path("port"))
                .filter(JsonNode::canConvertToInt)
                .map(n -> OptionalInt.of(n.asInt()))
                .orElse(OptionalInt.empty());
    }

    /** Where the port of {@code role} came from ({@code hashed}, {@code env}, {@code default}, ...). */
    public Optional<String> portSource(String role) {
        return portEntry(role).map(e -> e.path("source")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** The requested (pre-conflict) port of {@code role} when the agent reports one. */
    public OptionalInt requestedPort(String role) {
        return portEntry(role).flatMap(e -> firstInt(e, "requested", "requestedPort", "preferred", "wanted"))
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** Conflicts reported for {@code role}: a count, or a list of skipped ports (its size). */
    public int conflicts(String role) {
        JsonNode entry = portEntry(role).orElse(null);
        if (entry == null) {
            return 0;
        }
        for (String key : new String[] {"conflicts", "skipped", "skippedPorts", "conflict"}) {
            JsonNode n = entry.path(key);
            if (n.isInt()) {
                return n.asInt();
            }
            if (n.isArray()) {
                return n.size();
            }
            if (n.isBoolean()) {
                return n.asBoolean() ? 1 : 0;
            }
        }
        return 0;
    }

    public OptionalLong childPid() {
        JsonNode pid = section("child").path("pid");
        return pid.canConvertToLong() && pid.asLong() > 0 ? OptionalLong.of(pid.asLong()) : OptionalLong.empty();
    }

    public int childRestarts() {
        JsonNode child = section("child");
        JsonNode n = child.has("restarts") ? child.path("restarts") : child.path("restartCount");
        return n.asInt(0);
    }

    public Optional<String> childState() {
        JsonNode state = section("child").path("state");
        return state.isTextual() ? Optional.of(state.asText()) : Optional.empty();
    }

    public boolean leading() {
        return section("leader").path("leading").asBoolean(false);
    }

    public Optional<String> leaderHolder() {
        JsonNode holder = section("leader").path("holder");
        return holder.isTextual() && !holder.asText().isEmpty() ? Optional.of(holder.asText()) : Optional.empty();
    }

    /** The sidecar section's readiness; empty when the agent does not watch a sidecar. */
    public Optional<Boolean> sidecarReady() {
        JsonNode sidecar = section("sidecar");
        JsonNode ready = sidecar.path("ready");
        return ready.isBoolean() ? Optional.of(ready.asBoolean()) : Optional.empty();
    }

    private JsonNode section(String name) {
        return root.path(name);
    }

    /** Finds the port entry of a role, whatever the nesting: {@code ports.health}, {@code plan.ports[role=health]}, ... */
    private Optional<JsonNode> portEntry(String role) {
        return find(root, role, 0);
    }

    private static Optional<JsonNode> find(JsonNode node, String role, int depth) {
        if (depth > 5 || node == null) {
            return Optional.empty();
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isObject() && role.equalsIgnoreCase(item.path("role").asText())) {
                    return Optional.of(item);
                }
            }
        }
        if (node.isObject()) {
            for (String key : new String[] {role, role + "Port", role + "Probe"}) {
                JsonNode n = node.get(key);
                if (n != null && (n.isInt() || (n.isObject() && n.has("port")))) {
                    return Optional.of(n);
                }
            }
            if (role.equalsIgnoreCase(node.path("role").asText()) && node.has("port")) {
                return Optional.of(node);
            }
        }
        if (node.isContainerNode()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Optional<JsonNode> found = find(it.next().getValue(), role, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
            if (node.isArray()) {
                for (JsonNode item : node) {
                    Optional<JsonNode> found = find(item, role, depth + 1);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> firstInt(JsonNode node, String... keys) {
        for (String key : keys) {
            JsonNode n = node.path(key);
            if (n.canConvertToInt() && n.isNumber()) {
                return Optional.of(n.asInt());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}

package io.netmaker.e2e.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A read-only view of an agent's {@code /status} JSON (or its {@code ports.json}): the plan's ports, sources and
 * conflicts, the child's pid and restarts, the {@code leader} and {@code sidecar} sections.
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
        return portEntry(role).map(e -> e.path("port"))
                .filter(JsonNode::canConvertToInt)
                .map(n -> OptionalInt.of(n.asInt()))
                .orElse(OptionalInt.empty());
    }

    /** Where the port of {@code role} came from ({@code hashed}, {@code env}, {@code default}, ...). */
    public Optional<String> portSource(String role) {
        return portEntry(role).map(e -> e.path("source")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** The port the rule asked for (the {@code seed}, before any conflict moved it). */
    public OptionalInt requestedPort(String role) {
        return portEntry(role).flatMap(e -> firstInt(e, "seed", "requested"))
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** Conflicts reported for {@code role}: the entries of the plan's {@code conflicts} list naming it. */
    public int conflicts(String role) {
        int count = 0;
        for (JsonNode list : root.findValues("conflicts")) {
            for (JsonNode conflict : list) {
                if (role.equalsIgnoreCase(conflict.path("role").asText())) {
                    count++;
                }
            }
        }
        return count;
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

    /** The child's last exit code, once it has exited. */
    public OptionalInt childLastExitCode() {
        JsonNode code = section("child").path("lastExitCode");
        return code.isInt() ? OptionalInt.of(code.asInt()) : OptionalInt.empty();
    }

    /** Whether the agent sees its Pod holding the Lease ({@code leader.state} is {@code leading}). */
    public boolean leading() {
        return "leading".equals(section("leader").path("state").asText());
    }

    /** The leader section's state: {@code leading}, {@code standby} or {@code unknown}; empty without election. */
    public Optional<String> leaderState() {
        JsonNode state = section("leader").path("state");
        return state.isTextual() ? Optional.of(state.asText()) : Optional.empty();
    }

    /**
     * What the agent last read from its child's leader status ({@code leader.childReport}): {@code leading},
     * {@code not_leading} or {@code unreadable}; empty before its first reading or without a learned identity.
     */
    public Optional<String> childReport() {
        JsonNode report = section("leader").path("childReport");
        return report.isTextual() ? Optional.of(report.asText()) : Optional.empty();
    }

    public Optional<String> leaderHolder() {
        JsonNode holder = section("leader").path("holder");
        return holder.isTextual() && !holder.asText().isEmpty() ? Optional.of(holder.asText()) : Optional.empty();
    }

    /** The sidecar section's state: {@code ready}, {@code not ready}, {@code off} or {@code unknown}. */
    public Optional<String> sidecarState() {
        JsonNode state = section("sidecar").path("state");
        return state.isTextual() ? Optional.of(state.asText()) : Optional.empty();
    }

    /** The tunnel section's state: {@code live}, {@code silent}, {@code unknown} or {@code off}; empty without it. */
    public Optional<String> tunnelState() {
        JsonNode state = section("tunnel").path("state");
        return state.isTextual() ? Optional.of(state.asText()) : Optional.empty();
    }

    private JsonNode section(String name) {
        return root.path(name);
    }

    /** The plan's entry for a role: {@code ports.ports.<role>} in {@code /status}, {@code ports.<role>} in ports.json. */
    private Optional<JsonNode> portEntry(String role) {
        JsonNode ports = root.path("ports");
        JsonNode byRole = ports.has("ports") ? ports.path("ports") : ports;
        JsonNode entry = byRole.path(role);
        return entry.isObject() && entry.has("port") ? Optional.of(entry) : Optional.empty();
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

package io.netmaker.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The server-side printing a kube-apiserver does for {@code kubectl get} ({@code Accept: application/json;as=Table;
 * v=v1;g=meta.k8s.io}), for the two kinds the sandbox shows: Pods (NAME READY STATUS RESTARTS AGE, and IP NODE with
 * {@code -o wide}) and Leases (NAME HOLDER AGE). Pure: JSON of an object or a list in, a {@code meta.k8s.io/v1}
 * Table out; empty for other kinds, which kubectl then prints with its default NAME/AGE columns.
 */
final class KubectlTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Column(String name, String description, int priority) {}

    private static final List<Column> POD_COLUMNS = List.of(
            new Column("Name", "Name must be unique within a namespace.", 0),
            new Column("Ready", "The aggregate readiness state of this pod for accepting traffic.", 0),
            new Column("Status", "The aggregate status of the containers in this pod.", 0),
            new Column("Restarts", "The number of times the containers in this pod have been restarted.", 0),
            new Column("Age", "CreationTimestamp of the object.", 0),
            new Column("IP", "IP address allocated to the pod.", 1),
            new Column("Node", "Name of the node this pod is assigned to.", 1));
    private static final List<Column> LEASE_COLUMNS = List.of(
            new Column("Name", "Name must be unique within a namespace.", 0),
            new Column("Holder", "The holder of the lease.", 0),
            new Column("Age", "CreationTimestamp of the object.", 0));

    private KubectlTable() {
    }

    /** Whether a request asks for the Table form (kubectl get does; client libraries and -o yaml do not). */
    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    private static final java.util.regex.Pattern RESOURCE =
            java.util.regex.Pattern.compile(".*/(pods|leases)(/[^/]+)?");

    /**
     * The Table for the body of a GET on {@code path}: a Pod or Lease, or a list of them (the mock server calls every
     * list {@code List}); empty for any other resource or subresource.
     */
    static Optional<String> of(String path, String body, Instant now) {
        int query = path.indexOf('?');
        java.util.regex.Matcher resource = RESOURCE.matcher(query < 0 ? path : path.substring(0, query));
        if (!resource.matches()) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        List<Column> columns = resource.group(1).equals("pods") ? POD_COLUMNS : LEASE_COLUMNS;
        ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", root.path("metadata").path("resourceVersion").asText(""));
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column c : columns) {
            definitions.addObject().put("name", c.name()).put("type", "string")
                    .put("format", c.name().equals("Name") ? "name" : "").put("description", c.description())
                    .put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        Iterable<JsonNode> items = root.has("items") ? root.path("items") : List.of(root);
        for (JsonNode item : items) {
            ArrayNode cells = JSON.createArrayNode();
            if (columns == POD_COLUMNS) {
                podCells(item, now, cells);
            } else {
                JsonNode meta = item.path("metadata");
                cells.add(meta.path("name").asText()).add(item.path("spec").path("holderIdentity").asText(""))
                        .add(age(meta, now));
            }
            ObjectNode row = rows.addObject();
            row.set("cells", cells);
            ObjectNode object = row.putObject("object").put("kind", "PartialObjectMetadata")
                    .put("apiVersion", "meta.k8s.io/v1");
            object.set("metadata", item.path("metadata"));
        }
        return Optional.of(table.toString());
    }

    private static void podCells(JsonNode pod, Instant now, ArrayNode cells) {
        JsonNode meta = pod.path("metadata");
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        int total = spec.path("containers").size();
        for (JsonNode init : spec.path("initContainers")) {
            if ("Always".equals(init.path("restartPolicy").asText())) {
                total++; // a native sidecar counts like kubectl counts it
            }
        }
        int ready = 0;
        int restarts = 0;
        String reason = status.path("phase").asText("Pending");
        for (String field : List.of("initContainerStatuses", "containerStatuses")) {
            for (JsonNode c : status.path(field)) {
                restarts += c.path("restartCount").asInt();
                if (c.path("ready").asBoolean()) {
                    ready++;
                }
                String waiting = c.path("state").path("waiting").path("reason").asText("");
                String terminated = c.path("state").path("terminated").path("reason").asText("");
                if (field.equals("containerStatuses") && !waiting.isEmpty()) {
                    reason = waiting;
                } else if (field.equals("containerStatuses") && !terminated.isEmpty()) {
                    reason = terminated;
                }
            }
        }
        if (!meta.path("deletionTimestamp").asText("").isEmpty()) {
            reason = "Terminating";
        }
        cells.add(meta.path("name").asText()).add(ready + "/" + total).add(reason).add(Integer.toString(restarts))
                .add(age(meta, now)).add(status.path("podIP").asText("<none>"))
                .add(spec.path("nodeName").asText("<none>"));
    }

    private static String age(JsonNode meta, Instant now) {
        try {
            return humanDuration(Duration.between(Instant.parse(meta.path("creationTimestamp").asText()), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    /** apimachinery's {@code duration.HumanDuration}, the AGE kubectl shows: 45s, 3m20s, 17m, 5h10m, 3d4h, 2y. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        } else if (minutes < 180) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = hours / 24 % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}

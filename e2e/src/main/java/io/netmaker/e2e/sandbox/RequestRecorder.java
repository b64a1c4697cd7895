package io.netmaker.e2e.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What the agents and operators asked the sandbox's API server for, as RBAC sees it: "scope group/resource:verb",
 * with scope "namespace" for a request inside {@code namespace}, "namespace:&lt;other&gt;" for another namespace and
 * "cluster" for a cluster-wide path. A request with impersonation headers (the operator's API proxy in auth mode)
 * counts as "cluster /users:impersonate=&lt;name&gt;" and "cluster /groups:impersonate=&lt;name&gt;" only. Only
 * fabric8 clients are recorded (the agent and the operator); the harness's own client announces itself with
 * {@link #HARNESS_USER_AGENT} and kubectl with its own agent.
 * Distinct entries only, so memory stays small however long the sandbox runs.
 */
public final class RequestRecorder {
    public static final String HARNESS_USER_AGENT = "netmaker-e2e-harness";

    private final String namespace;
    private final Set<String> access = new TreeSet<>();

    public RequestRecorder(String namespace) {
        this.namespace = namespace;
    }

    /**
     * @param header a request header by name (null when absent)
     * @param groups every {@code Impersonate-Group} value
     */
    public void record(String method, String pathAndQuery, UnaryOperator<String> header, List<String> groups) {
        String user = header.apply("Impersonate-User");
        synchronized (access) {
            if (user != null) {
                // the operator's API proxy in auth mode: the request itself is authorized as the impersonated peer,
                // so only the impersonation is the ServiceAccount's own access
                access.add("cluster /users:impersonate=" + user);
                groups.forEach(g -> access.add("cluster /groups:impersonate=" + g));
                return;
            }
            String agent = header.apply("User-Agent");
            String entry = access(method, pathAndQuery, namespace);
            if (agent != null && agent.startsWith("fabric8-kubernetes-client") && entry != null) {
                access.add(entry);
            }
        }
    }

    public Set<String> access() {
        synchronized (access) {
            return new TreeSet<>(access);
        }
    }

    /** The RBAC view of one request, or null for discovery and non-resource paths. */
    static String access(String method, String pathAndQuery, String ownNamespace) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        String[] parts = path.replaceAll("^/+", "").split("/");
        int i;
        String group;
        if (parts.length >= 3 && parts[0].equals("api")) {
            group = "";
            i = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            group = parts[1];
            i = 3;
        } else {
            return null;
        }
        String scope = "cluster";
        if (parts.length > i + 1 && parts[i].equals("namespaces")) {
            scope = parts[i + 1].equals(ownNamespace) ? "namespace" : "namespace:" + parts[i + 1];
            i += 2;
        }
        if (parts.length <= i) {
            return null; // the namespace object itself: not used by the code
        }
        String resource = parts[i];
        boolean named = parts.length > i + 1;
        if (parts.length > i + 2) {
            resource += "/" + parts[i + 2];
        }
        boolean watch = query.matches("(^|.*&)watch=(true|1)(&.*|$)");
        String verb = switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> named ? "get" : watch ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(Locale.ROOT);
        };
        return scope + " " + group + "/" + resource + ":" + verb;
    }
}

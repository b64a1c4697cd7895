package io.netmaker.e2e.sandbox;

/**
 * One distinct authorization decision of the real API server's RBAC authorizer (its {@code --rbac-log}), for a user
 * outside {@code system:masters}. {@code by} names the rule that allowed it
 * ({@code RoleBinding ns/name of Role role rule 2}), or why nothing did.
 */
public record RbacDecision(String decision, String user, String verb, String apiGroup, String resource,
        String subresource, String namespace, String name, String path, String by) {

    public boolean allowed() {
        return "allow".equals(decision);
    }

    /** {@code verb group/resource[/sub] [ns/name]} or {@code verb path}: one line for a report. */
    public String request() {
        if (path != null && !path.isEmpty()) {
            return verb + " " + path;
        }
        String res = (apiGroup == null || apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource
                + (subresource == null || subresource.isEmpty() ? "" : "/" + subresource);
        String obj = (namespace == null ? "" : namespace) + "/" + (name == null ? "" : name);
        return verb + " " + res + " " + obj;
    }
}

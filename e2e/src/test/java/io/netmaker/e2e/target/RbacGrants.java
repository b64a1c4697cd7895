package io.netmaker.e2e.target;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmaker.e2e.sandbox.RbacDecision;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The grants of shipped Roles and ClusterRoles, one per rule, verb, resource (or URL) and resource name, and which of
 * them the RBAC decisions of a run used: what the manifests grant beyond need.
 */
public final class RbacGrants {
    /** One grant: {@code role} is {@code Role name} or {@code ClusterRole name}, {@code target} a resource or URL. */
    public record Grant(String role, int rule, String verb, String apiGroup, String target, String resourceName) {
        boolean usedBy(RbacDecision d) {
            if (!d.allowed() || !d.by().endsWith(" of " + role + " rule " + rule)) {
                return false;
            }
            if (!verb.equals("*") && !verb.equals(d.verb())) {
                return false;
            }
            if (d.path() != null && !d.path().isEmpty()) {
                return target.equals(d.path()) || target.endsWith("*") && d.path().startsWith(target.replaceAll("\\*+$", ""));
            }
            String combined = d.subresource() == null || d.subresource().isEmpty() ? d.resource()
                    : d.resource() + "/" + d.subresource();
            return (target.equals("*") || target.equals(combined))
                    && (resourceName == null || resourceName.equals(d.name()));
        }

        @Override
        public String toString() {
            return role + " rule " + rule + ": " + verb + " " + (apiGroup == null ? "" : (apiGroup.isEmpty() ? "core" : apiGroup) + "/")
                    + target + (resourceName == null ? "" : " " + resourceName);
        }
    }

    private RbacGrants() {}

    /** Every grant of the Roles and ClusterRoles among {@code yaml}'s documents. */
    public static List<Grant> of(KubernetesClient client, String yaml) {
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata item : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
            List<PolicyRule> rules = item instanceof Role r ? r.getRules()
                    : item instanceof ClusterRole c ? c.getRules() : List.of();
            String role = item.getKind() + " " + item.getMetadata().getName();
            for (int i = 0; i < rules.size(); i++) {
                PolicyRule rule = rules.get(i);
                for (String verb : rule.getVerbs()) {
                    for (String url : rule.getNonResourceURLs()) {
                        grants.add(new Grant(role, i, verb, null, url, null));
                    }
                    for (String group : rule.getApiGroups()) {
                        for (String resource : rule.getResources()) {
                            if (rule.getResourceNames().isEmpty()) {
                                grants.add(new Grant(role, i, verb, group, resource, null));
                            }
                            for (String name : rule.getResourceNames()) {
                                grants.add(new Grant(role, i, verb, group, resource, name));
                            }
                        }
                    }
                }
            }
        }
        return grants;
    }

    /** The grants no allowed decision used. */
    public static List<Grant> unused(List<Grant> grants, List<RbacDecision> decisions) {
        return grants.stream().filter(g -> decisions.stream().noneMatch(g::usedBy)).toList();
    }
}

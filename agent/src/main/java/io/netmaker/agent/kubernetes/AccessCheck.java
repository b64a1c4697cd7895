package io.netmaker.agent.kubernetes;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the RBAC verbs the agent lacks. Asks the API server with SelfSubjectAccessReviews; where it gives no answer
 * (no permission to ask, or a server that does not review, like the mock), falls back to reading the objects and
 * taking a 403 as the missing verb.
 */
public final class AccessCheck {

    /** One permission the agent needs. */
    public record Need(String verb, String resource, String group) {
        @Override
        public String toString() {
            return verb + " " + resource;
        }
    }

    /** get for the one-off reads; list and watch for the informer (a field-selected list, then a watch). */
    public static final List<Need> POD_NEEDS = List.of(
            new Need("get", "pods", ""), new Need("list", "pods", ""), new Need("watch", "pods", ""));
    public static final List<Need> LEASE_NEEDS = List.of(
            new Need("get", "leases", "coordination.k8s.io"), new Need("list", "leases", "coordination.k8s.io"),
            new Need("watch", "leases", "coordination.k8s.io"), new Need("update", "leases", "coordination.k8s.io"));

    private AccessCheck() {}

    /**
     * @param podName the pod to read, or null when pods are not needed
     * @param leaseName the Lease to read, or null when leases are not needed
     * @return the missing permissions, empty when all are there (or nothing could tell)
     */
    public static List<Need> missing(KubernetesClient client, String namespace, String podName, String leaseName) {
        List<Need> needs = new ArrayList<>();
        if (podName != null) {
            needs.addAll(POD_NEEDS);
        }
        if (leaseName != null) {
            needs.addAll(LEASE_NEEDS);
        }
        List<Need> missing = new ArrayList<>();
        boolean reviewed = true;
        for (Need need : needs) {
            Optional<Boolean> allowed = review(client, namespace, need);
            if (allowed.isEmpty()) {
                reviewed = false;
                break;
            }
            if (!allowed.get()) {
                missing.add(need);
            }
        }
        if (reviewed) {
            return missing;
        }
        missing.clear();
        if (podName != null && forbidden(() -> PodView.resource(client, namespace, podName).get())) {
            missing.add(POD_NEEDS.get(0));
        }
        if (leaseName != null) {
            if (forbidden(() -> client.leases().inNamespace(namespace).withName(leaseName).get())) {
                missing.add(LEASE_NEEDS.get(0));
            }
            if (forbidden(() -> client.leases().inNamespace(namespace).list())) {
                missing.add(LEASE_NEEDS.get(1));
            }
        }
        return missing;
    }

    /** The one warning for missing permissions. */
    public static String message(List<Need> missing, String namespace, boolean pods, boolean leases) {
        List<String> needed = new ArrayList<>();
        if (pods) {
            needed.add("get/list/watch pods");
        }
        if (leases) {
            needed.add("get/list/watch/update leases (coordination.k8s.io)");
        }
        return "RBAC: the service account may not " + String.join(", ", missing.stream().map(Need::toString).toList())
                + " in namespace " + namespace + "; the agent needs " + String.join(" and ", needed)
                + "; leader and sidecar state stay unknown until a Role grants them";
    }

    private static Optional<Boolean> review(KubernetesClient client, String namespace, Need need) {
        try {
            SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview()
                    .create(new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                            .withNamespace(namespace).withVerb(need.verb()).withResource(need.resource())
                            .withGroup(need.group()).endResourceAttributes().endSpec().build());
            if (review == null || review.getStatus() == null || review.getStatus().getAllowed() == null) {
                return Optional.empty();
            }
            return Optional.of(review.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    private static boolean forbidden(Runnable read) {
        try {
            read.run();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == HttpURLConnection.HTTP_FORBIDDEN;
        }
    }
}

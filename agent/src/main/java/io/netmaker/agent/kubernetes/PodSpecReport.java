package io.netmaker.agent.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netmaker.agent.status.StatusSection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the agent's own Pod once and warns about a spec that does not fit what the agent resolved
 * ({@link PodSpecCheck}), and about missing RBAC verbs ({@link AccessCheck}, one warning). The warnings are the
 * {@code podSpec} section of {@code /status}.
 */
public final class PodSpecReport implements StatusSection {
    private static final Logger LOG = LoggerFactory.getLogger(PodSpecReport.class);

    private final Cluster cluster;
    private final String namespace;
    private final String podName;
    private final String leaseName;
    private volatile List<String> warnings = List.of();

    /**
     * @param podName the agent's pod, or null (nothing is checked)
     * @param namespace its namespace, or null (nothing is checked)
     * @param leaseName the Lease whose verbs are needed, or null when election is off
     */
    public PodSpecReport(Cluster cluster, String namespace, String podName, String leaseName) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.podName = podName;
        this.leaseName = leaseName;
    }

    /** Checks once; blocks on the API server (run it on the cluster's background thread). Never throws. */
    public void check(PodFacts facts) {
        if (podName == null || namespace == null) {
            return;
        }
        try {
            KubernetesClient c = cluster.client();
            List<AccessCheck.Need> missing = AccessCheck.missing(c, namespace, podName, leaseName);
            if (!missing.isEmpty()) {
                LOG.warn(AccessCheck.message(missing, namespace, true, leaseName != null));
            }
            PodView pod;
            try {
                pod = PodView.of(c.getKubernetesSerialization(), PodView.resource(c, namespace, podName).get());
            } catch (KubernetesClientException e) {
                LOG.warn("pod spec not checked pod={} reason={}", podName, ObjectWatch.describe(e));
                return;
            }
            if (pod != null) {
                warnings = PodSpecCheck.warnings(pod, facts);
                warnings.forEach(w -> LOG.warn("pod spec: {}", w));
            }
        } catch (RuntimeException e) {
            LOG.warn("pod spec not checked reason={}", ObjectWatch.describe(e));
        }
    }

    /** The warnings of the last check (none before it ran). */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String name() {
        return "podSpec";
    }

    @Override
    public Object snapshot() {
        return Map.of("warnings", warnings);
    }
}

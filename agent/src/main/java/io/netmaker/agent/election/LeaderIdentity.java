package io.netmaker.agent.election;

/**
 * Whether a Lease holder is this replica's child: the holder equals {@code POD_NAME}, or starts with
 * {@code <hostname>_} (controller-runtime's {@code os.Hostname() + "_" + uuid}).
 */
public record LeaderIdentity(String podName, String hostname) {

    public boolean isSelf(String holder) {
        if (holder == null || holder.isEmpty()) {
            return false;
        }
        return holder.equals(podName) || (!hostname.isEmpty() && holder.startsWith(hostname + "_"));
    }

    /**
     * With {@code hostNetwork} the hostname is the node's, so the prefix rule also matches a replica on the same
     * node; the agent warns about it at start.
     */
    public boolean hostnameDiffersFromPod() {
        return !hostname.isEmpty() && !hostname.equals(podName);
    }
}

package io.netmaker.agent.kubernetes;

import java.time.Duration;

/**
 * What the agent resolved, to compare with its own Pod's spec.
 *
 * @param healthPort the resolved health-probe port
 * @param portsPerPod whether the ports differ per pod (hashed from POD_NAME), so replicas on one node do not collide
 * @param portSource where the health port came from, for the message
 * @param shutdownGrace the agent's grace between SIGTERM to the child and SIGKILL
 * @param leaseRelease the time allowed to release the Lease after the child stopped
 * @param sidecarContainer the sidecar's name (its ports and probes are not the agent's)
 */
public record PodFacts(int healthPort, boolean portsPerPod, String portSource, Duration shutdownGrace,
                       Duration leaseRelease, String sidecarContainer) {}

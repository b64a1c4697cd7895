package io.netmaker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.e2e.containers.Engine;
import io.netmaker.e2e.containers.HostNetworkLayout;
import io.netmaker.e2e.sandbox.AgentStatus;
import io.netmaker.e2e.sandbox.PortHash;
import io.netmaker.e2e.target.Containers;
import io.netmaker.e2e.target.DockerTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** What the container scenarios share: starting replicas as the manifests run them, and waiting for exec probes. */
final class ContainerScenarios {
    /** Six JVMs (or three and three Go peers) starting in containers on a loaded 2-core machine. */
    static final Duration START = Duration.ofSeconds(240);
    static final Duration SETTLE = Duration.ofSeconds(90);
    /** The seed's hostNetwork example: the operator's own flags, as its Deployment passed them. */
    static final List<String> HOST_NETWORK_ARGS = HostNetworkLayout.ARGS;
    /** Test deviations of the host-network layout (no {@code netmaker} interface here: {@code lo}, loopback proxy). */
    static final Map<String, String> HOST_NETWORK_DEVIATIONS = HostNetworkLayout.DEVIATIONS;

    private ContainerScenarios() {}

    /** {@code deploy/overlays/host-network}'s pods from the image, with the seed's example arguments. */
    static DockerTarget hostNetwork(Engine engine, int replicas) {
        return DockerTarget.start(engine, new DockerTarget.Options(overlay("host-network"), replicas,
                DockerTarget.Layout.HOST_NETWORK, engine.image("image"), null, HOST_NETWORK_DEVIATIONS,
                HOST_NETWORK_ARGS));
    }

    static Path overlay(String name) {
        return Containers.REPO.resolve("deploy/overlays").resolve(name);
    }

    /**
     * Waits until every replica's readiness exec probe ({@code /app/bin/probe readyz}) succeeds; returns, per Pod,
     * the milliseconds from {@code startNanos} to its first success.
     */
    static Map<String, Long> awaitExecReady(DockerTarget target, long startNanos) {
        Map<String, Long> firstReady = new ConcurrentHashMap<>();
        awaitOrDiagnose(target, () -> await("every replica's exec readiness probe succeeds").atMost(START).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    List<CompletableFuture<Void>> probes = new ArrayList<>();
                    for (String pod : target.replicas()) {
                        if (!firstReady.containsKey(pod)) {
                            probes.add(CompletableFuture.runAsync(() -> {
                                if (target.execProbe(pod, "readyz")) {
                                    firstReady.putIfAbsent(pod, (System.nanoTime() - startNanos) / 1_000_000);
                                }
                            }));
                        }
                    }
                    probes.forEach(CompletableFuture::join);
                    return firstReady.size() == target.replicas().size();
                }));
        return Map.copyOf(firstReady);
    }

    /** Runs a wait of a test's set-up; when it fails, prints the target's diagnostics (JUnit's watcher does not). */
    static void awaitOrDiagnose(DockerTarget target, Runnable wait) {
        try {
            wait.run();
        } catch (RuntimeException | AssertionError e) {
            System.out.println("==== diagnostics after a failed start\n" + target.diagnostics());
            throw e;
        }
    }

    /** The health ports the agents published, per Pod. */
    static Map<String, Integer> healthPorts(DockerTarget target) {
        return target.replicas().stream().collect(Collectors.toMap(p -> p, p -> target.plannedPorts(p)
                .flatMap(s -> s.port("health").isPresent() ? java.util.Optional.of(s.port("health").getAsInt())
                        : java.util.Optional.empty())
                .orElseThrow(() -> new AssertionError(p + " published no health port"))));
    }

    /**
     * Lines of a container's log that warn: logger WARN/ERROR lines, the JVM's own {@code WARNING:} lines and
     * SLF4J's {@code SLF4J(W):} lines.
     */
    static List<String> warnings(String log) {
        return log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.startsWith("WARNING:")
                || l.startsWith("SLF4J(W)") || l.contains("level=warn") || l.contains("\"level\":\"warn")).toList();
    }

    static void assertNoWarnings(DockerTarget target) {
        for (String pod : target.replicas()) {
            assertThat(warnings(target.logs(pod))).as("warnings in %s's log after a healthy start", pod).isEmpty();
        }
    }

    /** Port sets of the replicas' published plans, for "distinct ports" assertions. */
    static Set<Integer> ports(DockerTarget target, String role) {
        return target.replicas().stream().map(p -> target.plannedPorts(p).map(s -> s.port(role)).orElseThrow())
                .filter(java.util.OptionalInt::isPresent).map(java.util.OptionalInt::getAsInt)
                .collect(Collectors.toSet());
    }

    /**
     * The hostNetwork smoke scenario: distinct hashed health and proxy ports (the hash of each Pod name, no replica
     * moved since nothing else holds them), one leader agreeing with the Lease, every liveness exec probe passing.
     */
    static String assertHostNetworkSmoke(DockerTarget target) {
        Map<String, Integer> health = healthPorts(target);
        assertThat(health.values()).as("health ports").doesNotHaveDuplicates();
        assertThat(ports(target, "proxy")).as("proxy ports").hasSize(target.replicas().size());
        for (String pod : target.replicas()) {
            assertThat(planned(target, pod).portSource("health")).as(pod).hasValue("hash(POD_NAME)");
            assertThat(health.get(pod)).as(pod + "'s health port").isEqualTo(PortHash.healthPort(pod));
            assertThat(target.execProbe(pod, "healthz")).as(pod + " liveness exec probe").isTrue();
        }
        return new Observer(target).awaitSingleLeader(SETTLE);
    }

    static AgentStatus planned(DockerTarget target, String pod) {
        return target.plannedPorts(pod).orElseThrow(() -> new AssertionError(pod + " published no ports.json"));
    }
}

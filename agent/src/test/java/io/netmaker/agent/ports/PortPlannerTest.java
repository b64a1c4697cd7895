package io.netmaker.agent.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmaker.agent.config.ConflictPolicy;
import io.netmaker.agent.config.PortSettings;
import io.netmaker.agent.config.PortStrategy;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortPlannerTest {
    private static final String POD = "netmaker-k8s-ops-multi-7d9f8c6b5-abcde";

    static PortSettings settings(Integer health, Integer proxy, String pod, String podIp, String hostIp,
            boolean hostNetwork, PortStrategy strategy, ConflictPolicy policy) {
        return new PortSettings(
                health == null ? OptionalInt.empty() : OptionalInt.of(health),
                proxy == null ? OptionalInt.empty() : OptionalInt.of(proxy),
                Optional.ofNullable(pod), Optional.ofNullable(podIp), Optional.ofNullable(hostIp), hostNetwork,
                strategy, policy, PortSettings.DEFAULT_RESERVED, true);
    }

    private static IntSupplier loopback() {
        AtomicInteger next = new AtomicInteger(40000);
        return next::getAndIncrement;
    }

    private static PortPlan plan(PortSettings s, Set<Integer> taken) throws PortPlanException {
        return new PortPlanner(s, p -> !taken.contains(p), loopback()).plan();
    }

    /** health, proxy, their sources and the rule's first word for each combination of inputs. */
    @ParameterizedTest(name = "{index}: strategy={5} pod={2} podIp={3} hostIp={4} hostNet={6} -> {7}/{8}")
    @CsvSource(nullValues = "-", value = {
            // explicit values always win
            "9000, 9001, " + POD + ", 10.0.0.1, 10.0.0.1, hash, false, 9000, 9001, HEALTH_PROBE_PORT, PROXY_PORT, hash",
            "9000, -,    " + POD + ", -, -, hash, false, 9000, 8648, HEALTH_PROBE_PORT, hash(POD_NAME), hash",
            // hash: always hashes when POD_NAME is set
            "-, -, " + POD + ", -, -, hash, false, 8644, 8648, hash(POD_NAME), hash(POD_NAME), hash",
            "-, -, netmaker-operator-0, -, -, hash, false, 8387, 8391, hash(POD_NAME), hash(POD_NAME), hash",
            "-, -, -, -, -, hash, false, 8081, 8085, default, default, hash",
            // fixed: never hashes
            "-, -, " + POD + ", 10.0.0.1, 10.0.0.1, fixed, true, 8081, 8085, default, default, fixed",
            // auto: hashes only on the node's network
            "-, -, " + POD + ", 10.0.0.1, 10.0.0.1, auto, false, 8644, 8648, hash(POD_NAME), hash(POD_NAME), hash",
            "-, -, " + POD + ", 10.244.1.7, 10.0.0.1, auto, false, 8081, 8085, default, default, fixed",
            "-, -, " + POD + ", -, -, auto, false, 8081, 8085, default, default, fixed",
            "-, -, " + POD + ", -, -, auto, true, 8644, 8648, hash(POD_NAME), hash(POD_NAME), hash",
            "-, -, " + POD + ", 10.244.1.7, 10.0.0.1, auto, true, 8644, 8648, hash(POD_NAME), hash(POD_NAME), hash",
            "-, -, -, 10.0.0.1, 10.0.0.1, auto, false, 8081, 8085, default, default, hash",
            "-, 7000, " + POD + ", 10.0.0.1, 10.0.0.1, auto, false, 8644, 7000, hash(POD_NAME), PROXY_PORT, hash"})
    void seedRules(Integer health, Integer proxy, String pod, String podIp, String hostIp, String strategy,
            boolean hostNet, int wantHealth, int wantProxy, String healthSource, String proxySource, String rule)
            throws PortPlanException {
        PortSettings s = settings(health, proxy, pod, podIp, hostIp, hostNet,
                PortStrategy.valueOf(strategy.toUpperCase()), ConflictPolicy.NEXT_FREE);
        PortPlan plan = plan(s, Set.of());
        assertThat(plan.get(PortRole.HEALTH)).isEqualTo(new PlannedPort(PortRole.HEALTH, wantHealth, healthSource,
                wantHealth));
        assertThat(plan.get(PortRole.PROXY)).isEqualTo(new PlannedPort(PortRole.PROXY, wantProxy, proxySource,
                wantProxy));
        assertThat(plan.rule()).startsWith(rule + ":");
        assertThat(plan.conflicts()).isEmpty();
    }

    @Test
    void ruleSaysWhyAutoDidOrDidNotHash() throws PortPlanException {
        assertThat(plan(settings(null, null, POD, "10.0.0.1", "10.0.0.1", false, PortStrategy.AUTO,
                ConflictPolicy.NEXT_FREE), Set.of()).rule()).contains("POD_IP equals HOST_IP");
        assertThat(plan(settings(null, null, POD, "10.1.0.1", "10.0.0.1", false, PortStrategy.AUTO,
                ConflictPolicy.NEXT_FREE), Set.of()).rule()).contains("own network namespace");
        assertThat(plan(settings(null, null, null, null, null, false, PortStrategy.HASH,
                ConflictPolicy.NEXT_FREE), Set.of()).rule()).contains("POD_NAME is not set");
    }

    @Test
    void childPortsAreLoopbackAndDistinct() throws PortPlanException {
        PortPlan plan = plan(settings(null, null, null, null, null, false, PortStrategy.AUTO,
                ConflictPolicy.NEXT_FREE), Set.of());
        assertThat(plan.get(PortRole.CHILD_PROBE)).isEqualTo(new PlannedPort(PortRole.CHILD_PROBE, 40000, "loopback",
                40000));
        assertThat(plan.port(PortRole.CHILD_METRICS)).isEqualTo(40001);
        assertThat(plan.ports()).extracting(PlannedPort::port).doesNotHaveDuplicates();
    }

    @Test
    void childMetricsOffIsPortZero() throws PortPlanException {
        PortSettings on = settings(null, null, null, null, null, false, PortStrategy.AUTO, ConflictPolicy.NEXT_FREE);
        PortSettings off = new PortSettings(on.healthProbePort(), on.proxyPort(), on.podName(), on.podIp(),
                on.hostIp(), false, on.strategy(), on.conflictPolicy(), on.reservedPorts(), false);
        PlannedPort metrics = plan(off, Set.of()).get(PortRole.CHILD_METRICS);
        assertThat(metrics.port()).isZero();
        assertThat(metrics.source()).startsWith("off");
    }

    @Test
    void loopbackPortsSkipTakenRolesAndReservedPorts() throws PortPlanException {
        int[] offers = {8081, 8085, 8443, 41000, 41000, 41001};
        AtomicInteger i = new AtomicInteger();
        PortPlan plan = new PortPlanner(settings(null, null, null, null, null, false, PortStrategy.FIXED,
                ConflictPolicy.NEXT_FREE), p -> true, () -> offers[i.getAndIncrement()]).plan();
        assertThat(plan.port(PortRole.CHILD_PROBE)).isEqualTo(41000);
        assertThat(plan.port(PortRole.CHILD_METRICS)).isEqualTo(41001);
    }

    @Test
    void takenPortWalksUpSkippingReservedAndOtherRoles() throws PortPlanException {
        // health 8081 taken, 8082..8084 taken, 8085 is proxy's, 8086 reserved -> 8087
        PortPlan plan = plan(settings(null, null, null, null, null, false, PortStrategy.FIXED,
                ConflictPolicy.NEXT_FREE), Set.of(8081, 8082, 8083, 8084));
        assertThat(plan.get(PortRole.HEALTH)).isEqualTo(new PlannedPort(PortRole.HEALTH, 8087, "next-free", 8081));
        assertThat(plan.port(PortRole.PROXY)).isEqualTo(8085);
        assertThat(plan.conflicts()).containsExactly(new PortConflict(PortRole.HEALTH, 8081, "in use"));
    }

    @Test
    void proxyMovesOffAPortTheHealthRoleTook() throws PortPlanException {
        PortPlan plan = plan(settings(8085, null, null, null, null, false, PortStrategy.FIXED,
                ConflictPolicy.NEXT_FREE), Set.of());
        assertThat(plan.port(PortRole.HEALTH)).isEqualTo(8085);
        assertThat(plan.get(PortRole.PROXY)).isEqualTo(new PlannedPort(PortRole.PROXY, 8087, "next-free", 8085));
        assertThat(plan.conflicts()).containsExactly(new PortConflict(PortRole.PROXY, 8085, "used by another role"));
    }

    @Test
    void anExplicitProxyPortWinsOverTheDefaultHealthPort() throws PortPlanException {
        PortPlan plan = plan(settings(null, 8081, null, null, null, false, PortStrategy.FIXED,
                ConflictPolicy.NEXT_FREE), Set.of());
        assertThat(plan.port(PortRole.PROXY)).isEqualTo(8081);
        assertThat(plan.get(PortRole.HEALTH)).isEqualTo(new PlannedPort(PortRole.HEALTH, 8082, "next-free", 8081));
    }

    @Test
    void hashedSeedOnAReservedPortMovesButAnExplicitOneStays() throws PortPlanException {
        String pod = podWithOffset(362); // 8081 + 362 = 8443
        PortPlan hashed = plan(settings(null, null, pod, null, null, false, PortStrategy.HASH,
                ConflictPolicy.NEXT_FREE), Set.of());
        assertThat(hashed.get(PortRole.HEALTH)).isEqualTo(new PlannedPort(PortRole.HEALTH, 8444, "next-free", 8443));
        assertThat(hashed.conflicts()).containsExactly(new PortConflict(PortRole.HEALTH, 8443, "reserved"));
        PortPlan explicit = plan(settings(8443, null, null, null, null, false, PortStrategy.HASH,
                ConflictPolicy.NEXT_FREE), Set.of());
        assertThat(explicit.port(PortRole.HEALTH)).isEqualTo(8443);
    }

    @Test
    void failPolicyStopsWithAClearMessage() {
        PortSettings s = settings(null, null, POD, null, null, false, PortStrategy.HASH, ConflictPolicy.FAIL);
        assertThatThrownBy(() -> plan(s, Set.of(8648)))
                .isInstanceOf(PortPlanException.class)
                .hasMessage("port 8648 for proxy (hash(POD_NAME)) is in use and AGENT_PORT_CONFLICT_POLICY=fail")
                .extracting(e -> ((PortPlanException) e).conflicts())
                .isEqualTo(List.of(new PortConflict(PortRole.PROXY, 8648, "in use")));
    }

    @Test
    void noFreePortLeftIsAnError() {
        PortSettings s = settings(65535, null, null, null, null, false, PortStrategy.FIXED, ConflictPolicy.NEXT_FREE);
        assertThatThrownBy(() -> plan(s, Set.of(65535))).isInstanceOf(PortPlanException.class)
                .hasMessage("no free port above 65535 for health");
    }

    @Test
    void replanKeepsHealthAndRechecksTheRest() throws PortPlanException {
        PortSettings s = settings(null, null, POD, null, null, false, PortStrategy.HASH, ConflictPolicy.NEXT_FREE);
        PortPlan first = plan(s, Set.of());
        PortPlan second = new PortPlanner(s, p -> p != 8648 && p != 8644, loopback()).replan(first);
        assertThat(second.port(PortRole.HEALTH)).isEqualTo(8644);
        assertThat(second.get(PortRole.PROXY)).isEqualTo(new PlannedPort(PortRole.PROXY, 8649, "next-free", 8648));
        assertThat(second.conflicts()).containsExactly(new PortConflict(PortRole.PROXY, 8648, "in use"));
    }

    /** Finds a pod name whose hash offset is {@code offset}, to test reserved ports without magic strings. */
    static String podWithOffset(int offset) {
        for (int i = 0; ; i++) {
            String name = "pod-" + i;
            if (Fnv1a.hash32(name) % 1000 == offset) {
                return name;
            }
        }
    }
}

package io.netmaker.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmaker.agent.ports.PlannedPort;
import io.netmaker.agent.ports.PortPlan;
import io.netmaker.agent.ports.PortPlanException;
import io.netmaker.agent.ports.PortPlanner;
import io.netmaker.agent.ports.PortRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Over random environments: either a plan with valid, distinct, in-range ports, or errors naming a variable. */
class ConfigPropertiesTest {

    @Property(tries = 500)
    void anyEnvironmentGivesAPlanOrNamedErrorsNeverAnException(@ForAll("environments") Map<String, String> env) {
        List<String> errors = new ArrayList<>();
        AgentConfig config = AgentConfig.parse(new EnvReader(env::get, errors), Path.of("/nonexistent/namespace"), List.of());
        if (!errors.isEmpty()) {
            assertThat(errors).allSatisfy(e -> assertThat(env.keySet()).anySatisfy(name -> assertThat(e)
                    .contains(name)));
            return;
        }
        AtomicInteger loopback = new AtomicInteger(30000);
        PortPlan plan;
        try {
            plan = new PortPlanner(config.ports(), p -> p % 7 != 0, loopback::getAndIncrement).plan();
        } catch (PortPlanException e) {
            assertThat(e.getMessage()).containsAnyOf("AGENT_PORT_CONFLICT_POLICY=fail", "no free port");
            return;
        }
        List<Integer> ports = plan.ports().stream().map(PlannedPort::port).filter(p -> p != 0).toList();
        assertThat(ports).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(1, 65535));
        int health = plan.port(PortRole.HEALTH);
        if (env.get("HEALTH_PROBE_PORT") == null && plan.get(PortRole.HEALTH).source().startsWith("hash")) {
            assertThat(health).isBetween(8081, 9080);
        }
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        Arbitrary<String> podName = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(63));
        Arbitrary<String> port = Arbitraries.oneOf(Arbitraries.integers().between(-5, 70000).map(String::valueOf),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> bool = Arbitraries.of("true", "false", "1", "0", "yes", "no", "TRUE", "maybe", "");
        Arbitrary<String> ip = Arbitraries.of("10.0.0.1", "10.0.0.2", "", "x");
        Arbitrary<String> strategy = Arbitraries.of("auto", "hash", "fixed", "HASH", "other");
        Arbitrary<String> policy = Arbitraries.of("next-free", "fail", "nope");
        return Combinators.combine(
                podName.injectNull(0.2), port.injectNull(0.6), port.injectNull(0.6), bool.injectNull(0.5),
                ip.injectNull(0.3), ip.injectNull(0.3), strategy.injectNull(0.3), policy.injectNull(0.5))
                .as((pod, health, proxy, election, podIp, hostIp, strat, pol) -> {
                    Map<String, String> env = new HashMap<>();
                    put(env, "POD_NAME", pod);
                    put(env, "HEALTH_PROBE_PORT", health);
                    put(env, "PROXY_PORT", proxy);
                    put(env, "ENABLE_LEADER_ELECTION", election);
                    put(env, "POD_IP", podIp);
                    put(env, "HOST_IP", hostIp);
                    put(env, "AGENT_PORT_STRATEGY", strat);
                    put(env, "AGENT_PORT_CONFLICT_POLICY", pol);
                    return env;
                });
    }

    private static void put(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}

package io.netmaker.operator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.netmaker.operator.config.OperatorOptions.ProxyImages;
import io.netmaker.operator.controller.Annotations;
import io.netmaker.operator.controller.DesiredProxies;
import io.netmaker.operator.controller.ProxyKind;
import io.netmaker.operator.controller.ProxyPods;
import io.netmaker.operator.controller.ProxyScripts;
import io.netmaker.operator.controller.ProxySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over random annotated Services, the proxy pods the operator generates never listen on all interfaces: every
 * socat listener carries {@code bind=}, the bind address is one unicast IPv4 address, the interface's address (looked
 * up, unready without one) or the pod IP; no host network, no host ports; an any-address bind IP is refused with a
 * reason. How the generated script behaves without an address is run in {@code ProxyScriptsTest}; here the script
 * also refuses an any-address value if one ever reached it.
 */
class ProxyBindSecurityTest {
    private static final ProxyPods PODS = new ProxyPods(new ProxyImages("netclient:test", "socat:test"));
    private static final Pattern LISTEN = Pattern.compile("(TCP4?|UDP4?|TCP6|UDP6)-LISTEN:[^\\s\"]*");
    private static final Pattern BIND_ASSIGNMENT = Pattern.compile("(?m)^BIND_IP=(.*)$");
    private static final Pattern UNICAST_V4 = Pattern.compile("'(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})'");
    private static final List<String> ANY_ADDRESSES = List.of("0.0.0.0", "::", "[::]", "0", "0.0.0.0/0", " 0.0.0.0",
            "0.0.0.0 ", "000.000.000.000", "0.0.0", "::0", "0:0:0:0:0:0:0:0", "*", "INADDR_ANY", "localhost");

    @Property(tries = 400)
    void generatedProxyPodsNeverBindAllInterfaces(@ForAll("services") Service service) {
        DesiredProxies desired = DesiredProxies.of(service);
        for (ProxyKind kind : ProxyKind.values()) {
            ProxySpec spec = desired.spec(kind);
            if (spec == null) {
                continue;
            }
            Pod pod = PODS.build(spec);
            assertThat(pod.getSpec().getHostNetwork()).as("hostNetwork").isNotEqualTo(Boolean.TRUE);
            Container proxy = pod.getSpec().getContainers().stream().filter(c -> c.getName().equals("proxy"))
                    .findFirst().orElseThrow();
            assertThat(proxy.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).as("hostPort").isNull());
            assertThat(proxy.getReadinessProbe().getExec().getCommand()).contains(ProxyScripts.READY_FILE);
            String script = String.join(" ", proxy.getCommand());
            assertEveryListenerIsBound(script);
            String bind = bindAssignment(script);
            if (kind == ProxyKind.EGRESS) {
                assertThat(bind).startsWith("${POD_IP:?");
            } else if (!bind.equals("''")) {
                assertThat(bind).matches(UNICAST_V4);
                assertThat(bind).isNotEqualTo("'0.0.0.0'");
            }
        }
    }

    @Property(tries = 100)
    void anAnyAddressBindIpIsRefusedWithAReason(@ForAll("anyAddress") String bindIp) {
        Service service = service(Map.of(Annotations.INGRESS, Annotations.ENABLED, Annotations.INGRESS_BIND_IP, bindIp),
                "10.96.0.15", List.of(port(80, "TCP")));
        DesiredProxies desired = DesiredProxies.of(service);
        if (bindIp.isBlank()) {
            return; // blank means "not set": the interface's address is used
        }
        assertThat(desired.spec(ProxyKind.INGRESS)).as("ingress for bind IP '%s'", bindIp).isNull();
        assertThat(desired.problems()).anySatisfy(p -> assertThat(p).contains(Annotations.INGRESS_BIND_IP));
    }

    @Example
    void theScriptItselfRefusesAnAnyAddressThatReachesIt() {
        for (String any : List.of("0.0.0.0", "::", "[::]")) {
            ProxySpec spec = new ProxySpec(ProxyKind.INGRESS, "ns", "svc", "uid", "10.96.0.15", any, "s", "k",
                    List.of(new ProxySpec.PortSpec("http", 80, 80, "TCP")));
            String script = ProxyScripts.render(spec);
            int refusal = script.indexOf("refusing to bind all interfaces");
            int firstSocat = script.indexOf("socat ");
            assertThat(refusal).as("refusal check for %s", any).isPositive().isLessThan(firstSocat);
        }
    }

    private static void assertEveryListenerIsBound(String script) {
        Matcher m = LISTEN.matcher(script);
        int listeners = 0;
        while (m.find()) {
            listeners++;
            assertThat(m.group()).as("listener").contains(",bind=$BIND_IP").doesNotContain("0.0.0.0");
        }
        assertThat(listeners).as("listeners in the script").isPositive();
        // the forwarding target (TARGET=) is where traffic goes, not where the proxy listens
        assertThat(script.replace("0.0.0.0|::|\"[::]\")", "").replaceAll("(?m)^TARGET=.*$", ""))
                .as("no literal any-address outside the refusal and the target").doesNotContain("0.0.0.0");
    }

    private static String bindAssignment(String script) {
        Matcher m = BIND_ASSIGNMENT.matcher(script);
        assertThat(m.find()).as("BIND_IP assignment").isTrue();
        return m.group(1).trim();
    }

    @Provide
    Arbitrary<String> anyAddress() {
        return Arbitraries.oneOf(Arbitraries.of(ANY_ADDRESSES),
                Arbitraries.strings().withChars("0.:[] ").ofMinLength(1).ofMaxLength(12));
    }

    @Provide
    Arbitrary<Service> services() {
        Arbitrary<String> direction = Arbitraries.of("ingress", "egress", "both", "none");
        Arbitrary<String> bindIp = Arbitraries.oneOf(Arbitraries.of(ANY_ADDRESSES),
                Arbitraries.of("10.101.0.20", "192.168.1.1", "255.255.255.255", "256.1.1.1", "fd00::1", "", "x"),
                Arbitraries.integers().between(0, 255).list().ofSize(4)
                        .map(l -> l.stream().map(String::valueOf).reduce((a, b) -> a + "." + b).orElse("")))
                .injectNull(0.4);
        Arbitrary<String> target = Arbitraries.of("10.1.2.3", "db.netmaker.internal", "0.0.0.0", "::", "", "bad name")
                .injectNull(0.2);
        Arbitrary<String> clusterIp = Arbitraries.of("10.96.0.15", "None", "", "0.0.0.0").injectNull(0.1);
        Arbitrary<List<ServicePort>> ports = Combinators.combine(Arbitraries.integers().between(1, 65535),
                Arbitraries.of("TCP", "UDP", "SCTP")).as(ProxyBindSecurityTest::port).list().ofMaxSize(3);
        return Combinators.combine(direction, bindIp, target, clusterIp, ports).as((dir, bind, tgt, cip, ps) -> {
            Map<String, String> ann = new HashMap<>();
            if (dir.equals("ingress") || dir.equals("both")) {
                ann.put(Annotations.INGRESS, Annotations.ENABLED);
            }
            if (dir.equals("egress") || dir.equals("both")) {
                ann.put(Annotations.EGRESS, Annotations.ENABLED);
            }
            if (bind != null) {
                ann.put(Annotations.INGRESS_BIND_IP, bind);
            }
            if (tgt != null) {
                ann.put(tgt.matches("[0-9.:]+") ? Annotations.EGRESS_TARGET_IP : Annotations.EGRESS_TARGET_DNS, tgt);
            }
            return service(ann, cip, ps);
        });
    }

    private static ServicePort port(int port, String protocol) {
        return new ServicePortBuilder().withName("p" + port).withPort(port).withProtocol(protocol)
                .withTargetPort(new IntOrString(port)).build();
    }

    private static Service service(Map<String, String> annotations, String clusterIp, List<ServicePort> ports) {
        return new ServiceBuilder()
                .withNewMetadata().withName("svc").withNamespace("ns").withUid("uid-1")
                    .withAnnotations(annotations).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withPorts(new ArrayList<>(ports)).endSpec()
                .build();
    }
}

package io.netmaker.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders the proxy scripts and runs them with a fake {@code ip} and {@code socat} on PATH. */
class ProxyScriptsTest {
    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static ProxySpec ingress(String bindIp) {
        return new ProxySpec(ProxyKind.INGRESS, "apps", "web", "uid-1", "10.96.0.15", bindIp, "netclient-token",
                "token", List.of(new ProxySpec.PortSpec("http", 80, 8080, "TCP"),
                        new ProxySpec.PortSpec("dns", 53, 53, "UDP")));
    }

    @Test
    void ingressScriptCarriesQuotedValues() {
        String script = ProxyScripts.render(ingress(null));
        assertThat(script).startsWith("#!/bin/sh").doesNotContain("@@")
                .contains("BIND_IP=''", "INTERFACE='netmaker'", "TARGET='10.96.0.15'", "PORTS='80:80/TCP 53:53/UDP'");
        assertThat(ProxyScripts.render(ingress("10.101.0.20"))).contains("BIND_IP='10.101.0.20'");
        assertThat(ProxyScripts.quote("a'b")).isEqualTo("'a'\\''b'");
    }

    @Test
    void egressListensOnTheTargetPortOfThePodIp() {
        ProxySpec egress = new ProxySpec(ProxyKind.EGRESS, "apps", "db", "uid-2", "db.netmaker.internal", null,
                "netclient-token", "token", List.of(new ProxySpec.PortSpec("pg", 5432, 15432, "TCP")));
        assertThat(ProxyScripts.render(egress)).contains("BIND_IP=${POD_IP:?", "TARGET='db.netmaker.internal'",
                "PORTS='15432:15432/TCP'").doesNotContain("@@");
    }

    @Test
    void withoutAnInterfaceAddressTheProxyStaysUnreadyAndSaysWhy() throws Exception {
        Path ready = dir.resolve("ready");
        process = start(ingress(null), "exit 0", ready);
        Path log = dir.resolve("out.log");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log)
                .contains("interface netmaker has no IPv4 address; not listening, staying unready"));
        assertThat(ready).doesNotExist();
        assertThat(dir.resolve("socat.calls")).doesNotExist();
    }

    @Test
    void theInterfaceAddressIsBoundNeverAllInterfaces() throws Exception {
        Path ready = dir.resolve("ready");
        process = start(ingress(null),
                "echo '4: netmaker    inet 10.101.0.9/24 scope global netmaker\\       valid_lft forever'", ready);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(ready));
        assertThat(Files.readAllLines(dir.resolve("socat.calls"))).containsExactlyInAnyOrder(
                "TCP4-LISTEN:80,bind=10.101.0.9,fork,reuseaddr TCP:10.96.0.15:80",
                "UDP4-LISTEN:53,bind=10.101.0.9,fork,reuseaddr UDP:10.96.0.15:53");
    }

    @Test
    void anExplicitBindIpIsUsedWithoutLookingAtTheInterface() throws Exception {
        Path ready = dir.resolve("ready");
        process = start(ingress("10.101.0.20"), "exit 1", ready);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(ready));
        assertThat(Files.readString(dir.resolve("socat.calls"))).contains("bind=10.101.0.20").doesNotContain("0.0.0.0");
    }

    private Process start(ProxySpec spec, String ipBody, Path ready) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        fake(bin.resolve("ip"), ipBody);
        fake(bin.resolve("socat"), "echo \"$*\" >> '" + dir.resolve("socat.calls") + "'; exec sleep 30");
        String script = ProxyScripts.render(spec).replace("'" + ProxyScripts.READY_FILE + "'", "'" + ready + "'");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("RETRY_SECONDS", "1");
        return pb.start();
    }

    private static void fake(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
    }
}

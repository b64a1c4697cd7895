package io.netmaker.agent.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UAPI answer as wireguard-go writes it (keys shortened), and the failures. */
class WireGuardUapiTest {

    @Test
    void parsesPeersAndSkipsKeys() {
        String answer = "private_key=e84b5a6d2717c1003a13b431570353dbaca9146cf150c5f8575680feba52027a\n"
                + "listen_port=51820\n"
                + "public_key=b85996fecc9c7f1fc6d2572a76eda11d59bcd20be8e543b15ce4bd85a8e75a33\n"
                + "preshared_key=0000000000000000000000000000000000000000000000000000000000000000\n"
                + "protocol_version=1\n"
                + "endpoint=198.18.0.2:51820\n"
                + "last_handshake_time_sec=1796529355\n"
                + "last_handshake_time_nsec=12\n"
                + "tx_bytes=360\n"
                + "rx_bytes=156\n"
                + "persistent_keepalive_interval=20\n"
                + "allowed_ip=198.18.200.2/32\n"
                + "public_key=58402e695ba1772b1cc9309755f043251ea77fdcf10fbe63989ceb7e19321376\n"
                + "last_handshake_time_sec=0\n"
                + "tx_bytes=0\n"
                + "rx_bytes=0\n"
                + "persistent_keepalive_interval=0\n"
                + "errno=0\n\n";
        WireGuardUapi.Read read = WireGuardUapi.parse(answer);
        assertThat(read.readable()).isTrue();
        assertThat(read.peers()).containsExactly(
                new WireGuardPeer("198.18.0.2:51820", 1796529355L, 156, 360, 20),
                new WireGuardPeer(null, 0, 0, 0, 0));
        assertThat(read.toString()).doesNotContain("e84b5a6d");
    }

    @Test
    void anErrnoOrATruncatedAnswerIsUnreadable() {
        assertThat(WireGuardUapi.parse("errno=2\n\n")).isEqualTo(new WireGuardUapi.Read(null, "UAPI answered errno=2"));
        assertThat(WireGuardUapi.parse("public_key=ab\n").failure()).isEqualTo("UAPI answer without errno (truncated)");
        assertThat(WireGuardUapi.parse("errno=0\n\n").peers()).isEqualTo(List.of());
    }

    @Test
    void aMissingSocketSaysWhy(@TempDir Path dir) {
        WireGuardUapi.Read read = new WireGuardUapi(dir, Duration.ofSeconds(1)).read("nmw0");
        assertThat(read.readable()).isFalse();
        assertThat(read.failure()).isEqualTo("no UAPI socket " + dir.resolve("nmw0.sock")
                + " (kernel WireGuard, or the directory is not shared with the netclient container)");
    }
}

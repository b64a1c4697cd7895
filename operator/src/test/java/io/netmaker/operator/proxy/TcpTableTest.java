package io.netmaker.operator.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netmaker.testing.Requires;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TcpTableTest {
    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0
               1: 0100007F:1F90 0301007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4243 1 0 20 4 30 10 -1
               2: 0100007F:1F90 0401007F:D432 08 00000000:00000000 00:00000000 00000000  1000        0 4244 1 0 20 4 30 10 -1
               3: 0A00A8C0:0016 6400A8C0:C350 01 00000000:00000000 02:0000A1B2 00000000     0        0 4245 2 0 20 4 30 10 -1
            garbage line
            """;
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000501007F:D433 08 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 20 4 30 10 -1
               1: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:D434 01 00000000:00000000 00:00000000 00000000  1000        0 2 1 0 20 4 30 10 -1
               2: B80D0120000000000000000001000000:1F90 B80D0120000000000000000002000000:D435 01 00000000:00000000 00:00000000 00000000  1000        0 3 1 0 20 4 30 10 -1
            """;

    @Test
    void parsesLittleEndianIpv4WithStatesAndFiltersByLocalPort() throws Exception {
        Requires.that(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "samples are from a little-endian host");
        Map<TcpTable.Connection, Integer> table = TcpTable.parse(new StringReader(TCP), Set.of(8080));

        assertThat(table).containsOnly(
                Map.entry(conn("127.0.0.1", 8080, "0.0.0.0", 0), 0x0A),
                Map.entry(conn("127.0.0.1", 8080, "127.0.1.3", 0xD431), TcpTable.ESTABLISHED),
                Map.entry(conn("127.0.0.1", 8080, "127.0.1.4", 0xD432), TcpTable.CLOSE_WAIT));
        assertThat(TcpTable.parse(new StringReader(TCP), Set.of(22)))
                .containsOnly(Map.entry(conn("192.168.0.10", 22, "192.168.0.100", 50000), TcpTable.ESTABLISHED));
    }

    @Test
    void parsesIpv6WordByWordAndMapsIpv4MappedAddressesToIpv4() throws Exception {
        Requires.that(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "samples are from a little-endian host");
        Map<TcpTable.Connection, Integer> table = TcpTable.parse(new StringReader(TCP6), Set.of(8080));

        assertThat(table).containsOnly(
                Map.entry(conn("127.0.0.1", 8080, "127.0.1.5", 0xD433), TcpTable.CLOSE_WAIT),
                Map.entry(conn("::1", 8080, "::1", 0xD434), TcpTable.ESTABLISHED),
                Map.entry(conn("2001:db8::1", 8080, "2001:db8::2", 0xD435), TcpTable.ESTABLISHED));
    }

    /** The real table of this host: an open connection is ESTABLISHED, then CLOSE_WAIT once its peer closes. */
    @Test
    void seesALiveLoopbackConnectionCloseOnThisHost() throws Exception {
        Requires.that(TcpTable.available(TcpTable.PROC), "no /proc/net/tcp: not Linux");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            TcpTable.Connection seen = new TcpTable.Connection(
                    (InetSocketAddress) accepted.getLocalSocketAddress(),
                    (InetSocketAddress) accepted.getRemoteSocketAddress());
            Set<Integer> ports = Set.of(server.getLocalPort());
            assertThat(TcpTable.read(TcpTable.PROC, ports)).containsEntry(seen, TcpTable.ESTABLISHED);

            client.close();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Integer.valueOf(TcpTable.CLOSE_WAIT).equals(TcpTable.read(TcpTable.PROC, ports)
                            .get(seen)));
        }
    }

    private static TcpTable.Connection conn(String local, int localPort, String remote, int remotePort)
            throws Exception {
        return new TcpTable.Connection(new InetSocketAddress(InetAddress.getByName(local), localPort),
                new InetSocketAddress(InetAddress.getByName(remote), remotePort));
    }
}

package io.netmaker.operator.proxy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The addresses of a network interface by name, empty when it does not exist; injected so tests need no interface. */
@FunctionalInterface
public interface InterfaceAddresses {
    InterfaceAddresses SYSTEM = name -> {
        NetworkInterface nic = NetworkInterface.getByName(name);
        return nic == null ? List.of() : Collections.list(nic.getInetAddresses());
    };

    List<InetAddress> of(String interfaceName) throws IOException;

    /** The first IPv4 address that is neither loopback nor unspecified, as the Go operator picks it. */
    static Optional<InetAddress> firstUsableIpv4(List<InetAddress> addresses) {
        return addresses.stream()
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isAnyLocalAddress())
                .findFirst();
    }
}

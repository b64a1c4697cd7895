package io.netmaker.agent.sidecar;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/** Looks an interface up by name; injectable so that tests need no real interface. */
@FunctionalInterface
public interface InterfaceLookup {
    InterfaceState lookup(String name);

    /** The host's interfaces through {@link NetworkInterface}. */
    InterfaceLookup SYSTEM = name -> {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null) {
                return InterfaceState.ABSENT;
            }
            String ipv4 = nic.inetAddresses().filter(a -> a instanceof Inet4Address)
                    .map(InetAddress::getHostAddress).findFirst().orElse(null);
            return new InterfaceState(true, nic.isUp(), ipv4);
        } catch (SocketException e) {
            return InterfaceState.ABSENT;
        }
    };
}

package io.netmaker.agent.sidecar;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Looks an interface up by name; injectable so that tests need no real interface. */
@FunctionalInterface
public interface InterfaceLookup {
    InterfaceState lookup(String name);

    /**
     * The host's interfaces through {@link NetworkInterface}. Java lists only interfaces that have an address, so a
     * present interface without one is found through {@code /sys/class/net} (its {@code flags}, bit 0 = IFF_UP).
     */
    InterfaceLookup SYSTEM = name -> {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic != null) {
                String ipv4 = nic.inetAddresses().filter(a -> a instanceof Inet4Address)
                        .map(InetAddress::getHostAddress).findFirst().orElse(null);
                return new InterfaceState(true, nic.isUp(), ipv4);
            }
        } catch (SocketException e) {
            // fall through to sysfs
        }
        Path flags = Path.of("/sys/class/net", name, "flags");
        try {
            String hex = Files.readString(flags).trim();
            int value = Integer.decode(hex);
            return new InterfaceState(true, (value & 0x1) != 0, null);
        } catch (IOException | NumberFormatException | SecurityException e) {
            return InterfaceState.ABSENT;
        }
    };
}

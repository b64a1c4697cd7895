package io.netmaker.operator.testing;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import io.netmaker.testing.Requires;

/** Addresses of this machine for bind tests. */
public final class LocalAddresses {
    private LocalAddresses() {
    }

    /** A local non-loopback IPv4 address (eth0 in CI); the calling test is skipped without one. */
    public static InetAddress nonLoopbackIpv4() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        return a;
                    }
                }
            }
        }
        Requires.that(false, "no non-loopback IPv4 address on this machine");
        return null;
    }
}

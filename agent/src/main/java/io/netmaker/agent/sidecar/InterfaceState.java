package io.netmaker.agent.sidecar;

/**
 * The WireGuard interface as this host sees it (interfaces are shared by all containers of a pod).
 *
 * @param present whether it exists
 * @param up whether it is administratively up
 * @param ipv4 its first IPv4 address, or null
 */
public record InterfaceState(boolean present, boolean up, String ipv4) {
    public static final InterfaceState ABSENT = new InterfaceState(false, false, null);

    /** Present, up and addressed: a tunnel the proxy can bind to. */
    public boolean usable() {
        return present && up && ipv4 != null;
    }

    String describe(String name) {
        if (!present) {
            return "interface " + name + " absent";
        }
        if (!up) {
            return "interface " + name + " down";
        }
        return ipv4 == null ? "interface " + name + " has no IPv4 address" : "interface " + name + " up " + ipv4;
    }
}

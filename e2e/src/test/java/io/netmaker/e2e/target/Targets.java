package io.netmaker.e2e.target;

/**
 * Picks the target from the system property {@code e2e.target}: {@code local} (default), {@code kind} or
 * {@code docker} (the built image run as {@code deploy/overlays/host-network}'s pods, {@link DockerTarget}).
 */
public final class Targets {
    public static final String PROPERTY = "e2e.target";

    private Targets() {}

    public static String name() {
        return System.getProperty(PROPERTY, "local").toLowerCase(java.util.Locale.ROOT);
    }

    public static boolean local() {
        return !kind() && !docker();
    }

    public static boolean kind() {
        return "kind".equals(name());
    }

    public static boolean docker() {
        return "docker".equals(name());
    }
}

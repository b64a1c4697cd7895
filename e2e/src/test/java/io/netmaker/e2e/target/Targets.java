package io.netmaker.e2e.target;

/** Picks the target from the system property {@code e2e.target}: {@code local} (default) or {@code kind}. */
public final class Targets {
    public static final String PROPERTY = "e2e.target";

    private Targets() {}

    public static boolean local() {
        return !"kind".equalsIgnoreCase(System.getProperty(PROPERTY, "local"));
    }
}

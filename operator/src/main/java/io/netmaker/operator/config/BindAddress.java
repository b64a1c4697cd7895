package io.netmaker.operator.config;

import java.util.Optional;

/**
 * A controller-runtime bind address: {@code :8081} listens on every interface, {@code 127.0.0.1:8081} on one
 * address, {@code 0} turns the server off. {@code host} is null for every interface.
 */
public record BindAddress(String host, int port, boolean enabled) {
    public static final BindAddress OFF = new BindAddress(null, 0, false);

    /** @throws IllegalArgumentException naming the accepted forms */
    public static BindAddress parse(String text) {
        if (text == null || text.equals("0")) {
            return OFF;
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        if (port < 0 || port > 65535) {
            throw invalid(text);
        }
        return new BindAddress(host.isEmpty() ? null : host, port, true);
    }

    public Optional<String> hostOrAll() {
        return Optional.ofNullable(host);
    }

    /** The same host with another port (used for the {@code HEALTH_PROBE_PORT} override). */
    public BindAddress withPort(int newPort) {
        return new BindAddress(host, newPort, true);
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "0";
        }
        String h = host == null ? "" : host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid bind address \"" + text
                + "\" (use :PORT for all interfaces, HOST:PORT for one address, or 0 to turn it off)");
    }
}

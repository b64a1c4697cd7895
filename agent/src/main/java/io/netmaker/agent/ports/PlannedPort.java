package io.netmaker.agent.ports;

/**
 * One resolved port.
 *
 * @param role what it is for
 * @param port the port (0 only for a switched-off child metrics server)
 * @param source where the number came from: a variable, {@code hash(POD_NAME)}, {@code default},
 *     {@code next-free}, {@code loopback} or {@code off}
 * @param seed the number the rules gave before conflict handling
 */
public record PlannedPort(PortRole role, int port, String source, int seed) {}

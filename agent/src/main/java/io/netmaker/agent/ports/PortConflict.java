package io.netmaker.agent.ports;

/** A planned port that could not be used, and why ({@code in use}, {@code reserved}, {@code used by proxy}). */
public record PortConflict(PortRole role, int port, String reason) {}

package io.netmaker.agent.config;

/**
 * One configuration input: its environment variable, the command-line flag that overrides it (null when there is
 * none, for values the pod's downward API provides), the default as documented, and what it means.
 */
public record Setting(String env, String flag, String defaultText, String meaning) {}

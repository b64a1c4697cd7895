/**
 * The agent's configuration: every setting's name, flag, default and meaning in one list
 * ({@link io.netmaker.agent.config.Settings}), read once into immutable records
 * ({@link io.netmaker.agent.config.AgentConfig} and its parts) before anything starts.
 *
 * <p>Invariants: reading never throws; {@link io.netmaker.agent.config.EnvReader} collects every bad value
 * (naming the variable or flag, the value and what is allowed) so all are reported together with exit 2; a flag
 * wins over its variable; blank counts as unset; durations are Go's grammar ({@link io.netmaker.golang.GoDuration});
 * every name read is remembered so unknown {@code AGENT_*} variables can be warned about, with the setting they
 * most resemble. Values are never logged (they may be secrets). The README table is checked against
 * {@code Settings} by a test.
 *
 * <p>Callers: the CLI parses; extensions read their own settings through the same reader before the check for
 * errors; everything else receives the records and never reads the environment itself.
 */
package io.netmaker.agent.config;

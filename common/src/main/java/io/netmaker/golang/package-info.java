/**
 * Go's value grammars, for settings that must read exactly as the Go operator reads them.
 *
 * <p>Owns {@link io.netmaker.golang.GoDuration}: {@code time.ParseDuration} and {@code Duration.String()}, tested
 * against Go's own table, and {@link io.netmaker.golang.GoBool}: {@code strconv.ParseBool}, which Go's {@code flag}
 * package uses for bool flags. Invariants: pure static functions, no dependencies, no state; the grammar is Go's to the
 * letter (a looser or stricter local variant is a bug, since the same text reaches both programs); errors are
 * {@link java.lang.IllegalArgumentException}s whose message names the text, the problem and the accepted form.
 *
 * <p>Callers: anything that parses or prints a duration setting (the agent's {@code EnvReader}, the operator's
 * flags, the sandbox's options) and every boolean setting of both programs. It lives in the common
 * module because that is the one module agent, operator and e2e all depend on; it uses nothing of
 * {@code io.netmaker.healthz}.
 */
package io.netmaker.golang;

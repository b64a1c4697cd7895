/**
 * Go's value grammars, for settings that must read exactly as the Go operator reads them.
 *
 * <p>Owns {@link io.netmaker.golang.GoDuration}: {@code time.ParseDuration} and {@code Duration.String()}, tested
 * against Go's own table. Invariants: pure static functions, no dependencies, no state; the grammar is Go's to the
 * letter (a looser or stricter local variant is a bug, since the same text reaches both programs); errors are
 * {@link java.lang.IllegalArgumentException}s whose message names the text, the problem and the accepted form.
 *
 * <p>Callers: anything that parses or prints a duration setting (the agent's {@code EnvReader}, the operator's
 * flags through {@code io.netmaker.operator.config.GoDuration}, the sandbox's options). It lives in the healthz
 * module because that is the one module agent, operator and e2e all depend on; it uses nothing of healthz.
 */
package io.netmaker.golang;

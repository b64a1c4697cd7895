/**
 * The operator's settings: flags and environment parsed once into an immutable
 * {@link io.netmaker.operator.config.OperatorOptions}, flag-compatible with the Go operator (kubebuilder's
 * {@code main.go}, controller-runtime's bind addresses and zap flags, Go's {@code flag} booleans and durations).
 *
 * <p>Every flag and variable, with its default and meaning, is one row of {@link
 * io.netmaker.operator.config.OperatorSettings#ALL}: the parser takes each default from it (parsed with the grammar
 * of a given value), the picocli command line and its usage text are built from it, and a test keeps the README's
 * operator table equal to it row by row.
 *
 * <p>Invariants: parsing is pure apart from injected lookups and never throws; every problem is collected and
 * reported together ({@link io.netmaker.operator.config.ParseResult}), naming the flag or variable, the value and
 * what is allowed; values are validated with the rules of the Go libraries (client-go's election timing rules,
 * {@code strconv.ParseBool}, {@code time.ParseDuration} via {@link io.netmaker.golang.GoDuration}).
 *
 * <p>Callers: {@code Main} parses; every other operator package only reads the resulting records.
 */
package io.netmaker.operator.config;

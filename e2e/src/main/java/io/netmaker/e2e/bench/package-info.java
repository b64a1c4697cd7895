/**
 * {@code make bench}: failover, handover, start-up, memory, probe cost and detection time, each measured next to
 * its baseline in the same run, printed as a table and written to {@code bench/results.json}.
 *
 * <p>Invariants: a bench asserts nothing (speed targets live here, never in tests); a figure that could not be
 * taken says why instead of failing the run; every process a bench starts is killed by
 * {@link io.netmaker.e2e.bench.Procs#close()}; load is sent to 127.0.0.1 only.
 *
 * <p>Callers: {@link io.netmaker.e2e.bench.BenchMain} only; it builds on the sandbox library.
 */
package io.netmaker.e2e.bench;

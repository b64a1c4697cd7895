/**
 * The agent's entry and composition: {@code agent run -- <operator>}, {@code agent plan}, {@code agent version}.
 *
 * <p>Owns the command line ({@link io.netmaker.agent.AgentCli}: settings from flags and env, all errors together,
 * exit 2), the plan ({@link io.netmaker.agent.AgentPlan}: what would run, starting nothing), the configuration
 * ({@link io.netmaker.agent.Configuration}: the core's, the leader's and the sidecar's settings, parsed together),
 * the one assembly and lifecycle ({@link io.netmaker.agent.Agent}: every part built in dependency order from real
 * objects, started in order and stopped in reverse, bounds documented there; its
 * {@link io.netmaker.agent.Agent.Builder} carries the surroundings and test additions and is only read) and the
 * signal policy
 * ({@link io.netmaker.agent.Signals}: tini-style; a stop signal goes to the child and the agent exits with its code,
 * others are forwarded unchanged).
 *
 * <p>Invariants: configuration is parsed once into immutable records before anything starts; the ports are planned
 * before the child starts, and the child is never held up by the HTTP side (which starts on its own thread);
 * the assembly runs on the main thread and never blocks there (Kubernetes calls go to the cluster's background
 * thread); building twice gives two independent agents. The agent exits
 * with the child's code (128+signal for a signal death), with 2 before anything starts for a configuration or
 * port-plan error, with 127 when the child cannot be started, and with the start gate's code when it refuses.
 *
 * <p>Callers: {@link io.netmaker.agent.Main} (the JVM), tests. Nothing in the sub-packages depends on this one
 * ({@code PackageCyclesTest} checks that no package depends on itself through others).
 */
package io.netmaker.agent;

/**
 * The agent's entry and composition: {@code agent run -- <operator>}, {@code agent plan}, {@code agent version}.
 *
 * <p>Owns the command line ({@link io.netmaker.agent.AgentCli}: settings from flags and env, all errors together,
 * exit 2), the plan ({@link io.netmaker.agent.AgentPlan}: what would run, starting nothing), the composition root
 * ({@link io.netmaker.agent.Agent} and its {@link io.netmaker.agent.Agent.Builder}: wiring only; ports, child, HTTP
 * and metrics live in their packages), the extension contract ({@link io.netmaker.agent.AgentExtension}; the
 * extensions are listed in {@code Main.extensions()}, today only the Kubernetes part) and the signal policy
 * ({@link io.netmaker.agent.Signals}: tini-style; a stop signal goes to the child and the agent exits with its code,
 * others are forwarded unchanged).
 *
 * <p>Invariants: configuration is parsed once into immutable records before anything starts; the ports are planned
 * before the child starts, and the child is never held up by the HTTP side (which starts on its own thread);
 * extensions are configured and contribute on the main thread and must not block there (Kubernetes calls go to
 * their own threads); {@code build()} copies the builder, so building twice gives two independent agents. The agent exits
 * with the child's code (128+signal for a signal death), with 2 before anything starts for a configuration or
 * port-plan error, with 127 when the child cannot be started, and with the start gate's code when it refuses.
 *
 * <p>Callers: {@link io.netmaker.agent.Main} (the JVM), tests. Nothing in the sub-packages depends on this one
 * except extensions, which see only {@code AgentExtension} and {@code Agent.Builder}.
 */
package io.netmaker.agent;

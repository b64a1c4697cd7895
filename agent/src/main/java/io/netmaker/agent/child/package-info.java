/**
 * The child process (the operator): its command line, its life under supervision, and how the rest of the agent
 * observes and steers it.
 *
 * <p>Owns the command ({@link io.netmaker.agent.config.ChildDialect}, {@link io.netmaker.agent.config.OperatorArgs},
 * {@link io.netmaker.agent.child.ChildCommand}: pure functions from the parsed operator command, the port plan and the
 * election settings to argv and env changes), the start ({@link io.netmaker.agent.child.ChildLauncher}, re-planning
 * ports after "address already in use"), the supervision ({@link io.netmaker.agent.child.Supervisor}: tini semantics
 * plus restarts with capped exponential {@link io.netmaker.agent.child.Backoff} within a restart budget), the
 * liveness probe the agent runs on the child ({@link io.netmaker.agent.child.ChildLiveness}), the exit codes
 * ({@link io.netmaker.agent.child.ExitCodes}) and the termination log.
 *
 * <p>Invariants: one child at a time, and every change of its state happens under the supervisor's lock; the child's
 * output passes through byte for byte; the agent passes only flags the child's dialect defines and never logs
 * environment values; a stop sends one SIGTERM (or the SIGINT received) to the child and its descendants and kills
 * what outlives the grace; a signal death is reported as 128+signal, as tini does; the first start waits only for
 * the one {@link io.netmaker.agent.child.StartGate}.
 *
 * <p>Callers: {@code io.netmaker.agent.Agent} wires it; other parts never hold the supervisor: they observe through
 * {@link io.netmaker.agent.child.ChildListener} (called on the supervisor's thread, must not block) and ask for a
 * graceful restart through {@link io.netmaker.agent.child.ChildControl}.
 */
package io.netmaker.agent.child;

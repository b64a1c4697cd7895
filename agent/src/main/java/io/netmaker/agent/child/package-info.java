/**
 * The child process (the operator): its command line, its life under supervision, and how the rest of the agent
 * observes and steers it.
 *
 * <p>Owns the command ({@link io.netmaker.agent.config.ChildDialect}, {@link io.netmaker.agent.config.OperatorArgs},
 * {@link io.netmaker.agent.child.ChildCommand}: pure functions from the parsed operator command, the port plan and
 * the election settings to argv and env changes; the dialect and the parsed command live in {@code config}), the start ({@link io.netmaker.agent.child.ChildLauncher}, re-planning
 * ports after "address already in use"), the supervision ({@link io.netmaker.agent.child.Supervisor}: tini semantics
 * plus restarts with capped exponential {@link io.netmaker.agent.child.Backoff} within a restart budget), the
 * liveness probe the agent runs on the child ({@link io.netmaker.agent.child.ChildLiveness}), the exit codes
 * ({@link io.netmaker.agent.child.ExitCodes}), the causes of every end ({@link io.netmaker.agent.child.ExitCause})
 * and the termination log. Signals other than SIGTERM and SIGKILL reach the child through one long-lived helper
 * shell ({@code Signaller}), never a process per signal.
 *
 * <p>The supervisor's states ({@link io.netmaker.agent.child.Supervisor.Phase}):
 * <ul>
 *   <li>{@code GATED}: before the first start, waiting for the start gate; then {@code RUNNING}, or {@code ENDED}
 *       (stop signal, gate refused, command not startable).</li>
 *   <li>{@code RUNNING}: a child runs; then {@code RESTARTING} (a part asked for a restart), {@code STOPPING} (stop
 *       signal), {@code BACKING_OFF} (it exited and the policy restarts it) or {@code ENDED} (it exited and the
 *       policy does not restart it, or the restart budget is spent).</li>
 *   <li>{@code RESTARTING}: the child was sent SIGTERM and is replaced at once when gone ({@code RUNNING}), unless a
 *       stop signal comes first ({@code STOPPING}).</li>
 *   <li>{@code BACKING_OFF}: waiting out the back-off; then {@code RUNNING}, early on a restart request, or
 *       {@code ENDED} on a stop signal.</li>
 *   <li>{@code STOPPING}: the child got the stop signal; {@code ENDED} when it is gone.</li>
 *   <li>{@code ENDED}: the supervisor returns the agent's exit code.</li>
 * </ul>
 * Each end carries its {@code ExitCause}, which the restart metric's {@code reason}, {@code /status}, the termination
 * log and the log lines all read.
 *
 * <p>Invariants: one child at a time, and every change of its state happens under the supervisor's lock; the child's
 * output passes through byte for byte; the agent passes only flags the child's dialect defines and never logs
 * environment values; a stop sends one SIGTERM (or the SIGINT received) to the child and its descendants and kills
 * what outlives the grace; a signal death is reported as 128+signal, as tini does; the first start waits only for
 * the one {@link io.netmaker.agent.child.StartGate}.
 *
 * <p>Callers: {@code io.netmaker.agent.Agent} builds it; other parts never hold the supervisor: they observe through
 * {@link io.netmaker.agent.child.ChildListener} (called on the supervisor's thread, must not block) and ask for a
 * graceful restart through {@link io.netmaker.agent.child.ChildControl}.
 */
package io.netmaker.agent.child;

/**
 * Leader awareness: which replica's child holds the leader-election Lease, as far as the agent can tell, and the
 * one write the agent makes to that Lease (the fast release). The agent never elects: the child runs its own
 * election (client-go or fabric8 {@code LeaderElector}); this package only watches and, in one case, releases.
 *
 * <p>Owns the Lease watch ({@link io.netmaker.agent.election.LeaseWatch}: leader state, metrics, the {@code leader}
 * section of {@code /status}), the child's identity ({@link io.netmaker.agent.election.ChildIdentity}:
 * {@link io.netmaker.agent.election.PodNameIdentity} when the child elects as {@code POD_NAME},
 * {@link io.netmaker.agent.election.ReportedIdentity} when it is learned from the child's
 * {@code leader_election_master_status}), the readiness policy ({@link io.netmaker.agent.election.LeaderReadiness})
 * the release ({@link io.netmaker.agent.election.LeaseReleaser}) and the standby-first hold of the child's restart
 * after a release ({@link io.netmaker.agent.election.StandbyHold}: until another replica holds the Lease, at most
 * {@code AGENT_STANDBY_HOLD}).
 *
 * <p>Invariants:
 * <ul>
 *   <li>No fencing. Like client-go, nothing stops a child that believes it leads from acting after its Lease passed
 *       to another holder. The only guard is {@code ReportedIdentity}'s: a bound child that still reports leading
 *       while the Lease names someone else is reported once, and the agent restarts it. With
 *       {@code PodNameIdentity} there is no such guard.</li>
 *   <li>Clocks. The Lease's {@code renewTime} and {@code acquireTime} are stamped by the holder's node; the agent
 *       compares them with its own {@link java.time.Clock}. "A live leader elsewhere" (the
 *       {@code leader-or-standby} policy) and the renew-age metric therefore assume node clocks within a small
 *       fraction of the lease duration of each other. {@code ReportedIdentity} binds only holders carrying this
 *       host's name, i.e. stamped by this node's clock, and widens its window by one second
 *       ({@code ReportedIdentity.MARGIN}). Unknown is always a possible answer: a watch that is not live, or an
 *       identity not bound, gives {@code UNKNOWN}, never a guess.</li>
 *   <li>Release. A Lease is released (holder cleared, as client-go's {@code ReleaseOnCancel} writes it) only when it
 *       names the identity bound to this replica's child: after that child exited, or at agent shutdown. Never a
 *       prefix, never another holder: the update carries the resourceVersion of the Lease that named the identity,
 *       so a Lease written in between is refused (409), read again and released only if it still names it. A release
 *       is bounded by {@code AGENT_LEASE_RELEASE_TIMEOUT}; once timed out it sends nothing more (a request already
 *       on the wire can still only clear that same holding).</li>
 * </ul>
 *
 * <p>Callers: {@link io.netmaker.agent.election.LeaderAwareness} builds and connects these classes as one part,
 * which {@code io.netmaker.agent.Agent} composes; the sidecar part reads {@code LeaderAwareness.leading()} through a
 * supplier it is given. It uses {@code kubernetes} (client, watches) and never the reverse.
 */
package io.netmaker.agent.election;

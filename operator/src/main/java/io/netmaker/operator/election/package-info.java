/**
 * Lease leader election: fabric8's {@code LeaderElector} with a {@code RetirableLock} around its {@code LeaseLock}.
 *
 * <h2>Clock assumptions</h2>
 * Leader election here, as in client-go and controller-runtime, is a lease without fencing: nothing stops a former
 * leader's write that reaches the API server after a successor took over. Safety rests on timing alone:
 * <ul>
 *   <li>Renewal freshness is measured on this process's monotonic clock ({@code System.nanoTime()}), counted from
 *       <em>before</em> the GET that begins each acquire-or-renew attempt, the moment fabric8 and client-go stamp
 *       {@code renewTime}. A slow GET or a paused process therefore makes a renewal look older, never younger.</li>
 *   <li>{@code isLeader()} is true only while that age is below the renew deadline; the controllers ask it before
 *       every write. A standby takes the Lease only after {@code leaseDuration} has passed, on its own clock, since it
 *       last saw {@code renewTime} change.</li>
 *   <li>Two replicas therefore never both write as long as the clocks' rates differ by less than the margin between
 *       lease duration and renew deadline (defaults 15 s and 10 s: 5 s, one third) over one lease, and a write leaves
 *       the process within that margin. Wall-clock offsets between nodes do not matter (only durations are compared),
 *       but a clock that runs fast or slow, a stalled write, or an API server slower than the margin breaks the
 *       guarantee. There is no fencing token; reconciles are idempotent so a rare overlap is repaired, not fatal.</li>
 * </ul>
 */
package io.netmaker.operator.election;

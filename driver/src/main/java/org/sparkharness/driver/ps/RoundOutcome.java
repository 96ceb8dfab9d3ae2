package org.sparkharness.driver.ps;

import java.util.List;

/**
 * What one round produced.
 *
 * @param accepted     finite results the round uses, sorted by worker index (summing in this order keeps b = 0
 *                     runs independent of arrival order)
 * @param rejected     workers whose result contained NaN or Inf
 * @param arrivals     every result received before the cut-off, in arrival order (accepted and rejected)
 * @param lateIgnored  results that reached the driver after the cut-off but before cancellation took effect
 * @param cancelled    workers still running at the cut-off (their round time is censored at {@code cutoffNanos})
 * @param cutoffNanos  time from submission to the last awaited arrival
 * @param failed       workers whose computation threw this round (also in {@code rejected})
 * @param lost         workers absent from this round because their task or executor went away (also in
 *                     {@code rejected})
 * @param rejoined     workers whose restarted task connected during this round
 */
public record RoundOutcome(long round, int launched, int awaited, List<Arrival> accepted, List<Integer> rejected,
                           List<Arrival> arrivals, int lateIgnored, List<Integer> cancelled, long cutoffNanos,
                           List<Integer> failed, List<Integer> lost, List<Integer> rejoined) {
    public RoundOutcome {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        arrivals = List.copyOf(arrivals);
        cancelled = List.copyOf(cancelled);
        failed = List.copyOf(failed);
        lost = List.copyOf(lost);
        rejoined = List.copyOf(rejoined);
    }

    /** A round in which no worker failed, went away or came back. */
    public RoundOutcome(long round, int launched, int awaited, List<Arrival> accepted, List<Integer> rejected,
                        List<Arrival> arrivals, int lateIgnored, List<Integer> cancelled, long cutoffNanos) {
        this(round, launched, awaited, accepted, rejected, arrivals, lateIgnored, cancelled, cutoffNanos, List.of(),
                List.of(), List.of());
    }

    public List<Integer> acceptedWorkers() { return accepted.stream().map(Arrival::worker).toList(); }
}

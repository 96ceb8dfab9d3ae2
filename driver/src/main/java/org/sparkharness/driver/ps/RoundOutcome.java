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
 */
public record RoundOutcome(long round, int launched, int awaited, List<Arrival> accepted, List<Integer> rejected,
                           List<Arrival> arrivals, int lateIgnored, List<Integer> cancelled, long cutoffNanos) {
    public RoundOutcome {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        arrivals = List.copyOf(arrivals);
        cancelled = List.copyOf(cancelled);
    }

    public List<Integer> acceptedWorkers() { return accepted.stream().map(Arrival::worker).toList(); }
}

package org.sparkharness.driver.ps;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One finished round as a backup policy sees it: who reported when, who was cut off, and what the gradients looked
 * like. Scalars only, JSON-serialisable, so the history is checkpointed with the run.
 *
 * @param observedMillis round-trip time of every worker whose result arrived before the cut-off
 * @param censored       workers still running at the cut-off: their round-trip time is only known to exceed it
 * @param cutoffMillis   time from submission to the last awaited arrival
 * @param roundMillis    the whole round on the driver, cut-off plus broadcast, aggregation and optimizer step
 * @param gradients      gradient statistics; null when the policy did not ask for them
 */
public record RoundRecord(long round, int launched, int awaited, Map<Integer, Double> observedMillis,
                          List<Integer> censored, double cutoffMillis, double roundMillis, GradientStats gradients) {
    public RoundRecord {
        observedMillis = new TreeMap<>(observedMillis);
        censored = List.copyOf(censored);
    }

    /** The record of {@code outcome}, a round that took {@code roundMillis} in all. */
    public static RoundRecord of(RoundOutcome outcome, double roundMillis, GradientStats gradients) {
        Map<Integer, Double> observed = new TreeMap<>();
        outcome.arrivals().forEach(a -> observed.put(a.worker(), a.arrivalMillis()));
        return new RoundRecord(outcome.round(), outcome.launched(), outcome.awaited(), observed, outcome.cancelled(),
                outcome.cutoffNanos() / 1e6, roundMillis, gradients);
    }

    /** Driver-side time of the round not spent waiting for workers (broadcast, aggregation, optimizer step). */
    public double overheadMillis() { return Math.max(0, roundMillis - cutoffMillis); }
}

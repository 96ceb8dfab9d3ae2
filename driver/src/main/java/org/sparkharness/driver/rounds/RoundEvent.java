package org.sparkharness.driver.rounds;

/**
 * What one round did, as one line of {@code metrics.jsonl} (each server has its record; Jackson writes its
 * components under snake_case names, leaving out absent and non-finite values: see {@link Absent}).
 */
public interface RoundEvent {
    /** The round, counted from 1. */
    long round();

    /** Whether the round is worth a progress line off the log cadence (a worker failed, went away or came back). */
    default boolean noteworthy() { return false; }
}

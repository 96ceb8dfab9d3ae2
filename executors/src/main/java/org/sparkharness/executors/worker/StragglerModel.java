package org.sparkharness.executors.worker;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;

/**
 * Artificial delay a worker adds to its round, for straggler experiments. Draws come from an RNG keyed by
 * (seed, round, worker), so runs are repeatable whatever the task order. Config: {@code stragglers: {model: ...}}
 * with model none, shifted-exponential (S1), slow-workers (S2), spikes (S3) or phase-change (S4); spikes,
 * slow-workers and phase-change nest other models.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "model", defaultImpl = NoStragglers.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = NoStragglers.class, name = "none"),
    @JsonSubTypes.Type(value = SlowWorkers.class, name = "slow-workers"),
    @JsonSubTypes.Type(value = ShiftedExponential.class, name = "shifted-exponential"),
    @JsonSubTypes.Type(value = Spikes.class, name = "spikes"),
    @JsonSubTypes.Type(value = PhaseChange.class, name = "phase-change"),
})
public sealed interface StragglerModel extends Serializable
        permits NoStragglers, SlowWorkers, ShiftedExponential, Spikes, PhaseChange {
    /** Extra milliseconds worker {@code worker} sleeps in {@code round}, given its measured compute time. */
    long delayMillis(long seed, long round, int worker, double computeMillis);
}

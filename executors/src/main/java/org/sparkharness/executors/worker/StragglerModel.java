package org.sparkharness.executors.worker;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;

/**
 * Artificial delay a worker adds to its round, for straggler experiments. Draws come from an RNG keyed by
 * (seed, round, worker), so runs are repeatable whatever the task order. Config: {@code stragglers: {model: ...}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "model", defaultImpl = NoStragglers.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = NoStragglers.class, name = "none"),
    @JsonSubTypes.Type(value = SlowWorkers.class, name = "slow-workers"),
})
public sealed interface StragglerModel extends Serializable permits NoStragglers, SlowWorkers {
    /** Extra milliseconds worker {@code worker} sleeps in {@code round}, given its measured compute time. */
    long delayMillis(long seed, long round, int worker, double computeMillis);
}

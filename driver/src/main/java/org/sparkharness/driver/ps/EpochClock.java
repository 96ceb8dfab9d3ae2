package org.sparkharness.driver.ps;

import org.sparkharness.executors.worker.BatchSampler;

/**
 * Which pass over its shard a worker is in at a round, exactly as {@link BatchSampler} walks it:
 * {@code round / ⌊shard size / batch⌋}. SAF and MESA count epochs this way, so "E epochs ago" means the same
 * examples' previous visits.
 *
 * @param shardSizes examples per worker
 * @param batchSize  per-worker minibatch size
 */
public record EpochClock(int[] shardSizes, int batchSize) {

    public EpochClock {
        shardSizes = shardSizes.clone();
    }

    /** The 0-based epoch of {@code worker} in 0-based {@code round}. */
    public long epoch(int worker, long round) {
        return BatchSampler.epoch(round, shardSizes[worker], batchSize);
    }

    /** Minibatches per epoch of worker 0 (the server's notion of an epoch in logs). */
    public int batchesPerEpoch() {
        return BatchSampler.batchesPerEpoch(shardSizes[0], batchSize);
    }
}

package org.sparkharness.executors.worker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which rows of its shard a worker uses in a round. Each worker walks through its shard in epochs; every epoch is a
 * fresh permutation drawn from an RNG keyed by (seed, worker, epoch), so the choice never depends on task order,
 * executor or retries. Pure: the one cache below holds values that depend on their key alone.
 */
public final class BatchSampler {
    /**
     * The current epoch's permutation per (seed, worker, shard size): drawing it costs O(shard size), far more than a
     * round's minibatch once shards hold millions of rows, and every round of an epoch uses the same one.
     */
    private static final int CACHED_WORKERS = 64;
    private static final Map<List<Long>, EpochOrder> ORDERS = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<List<Long>, EpochOrder> eldest) {
                    return size() > CACHED_WORKERS;
                }
            });

    private record EpochOrder(long epoch, int[] permutation) {}

    private BatchSampler() {}

    /** Row indices for {@code round} (0-based); a shard smaller than the batch is used whole. */
    public static int[] indices(long seed, int worker, long round, int shardSize, int batchSize) {
        if (shardSize < 1) throw new IllegalArgumentException("worker " + worker + " has an empty shard");
        int batch = Math.min(batchSize, shardSize);
        int batchesPerEpoch = batchesPerEpoch(shardSize, batchSize);
        long epoch = round / batchesPerEpoch;
        int slot = (int) (round % batchesPerEpoch);
        int[] perm = epochPermutation(seed, worker, epoch, shardSize);
        int[] out = new int[batch];
        System.arraycopy(perm, slot * batch, out, 0, batch);
        return out;
    }

    /** Whole minibatches in one pass over a shard (the remainder of a pass is skipped); at least 1. */
    public static int batchesPerEpoch(int shardSize, int batchSize) {
        return Math.max(1, shardSize / Math.min(batchSize, Math.max(1, shardSize)));
    }

    /** The 0-based pass over its shard that 0-based {@code round} belongs to. */
    public static long epoch(long round, int shardSize, int batchSize) {
        return round / batchesPerEpoch(shardSize, batchSize);
    }

    private static int[] epochPermutation(long seed, int worker, long epoch, int shardSize) {
        List<Long> key = List.of(seed, (long) worker, (long) shardSize);
        EpochOrder cached = ORDERS.get(key);
        if (cached != null && cached.epoch() == epoch) return cached.permutation();
        int[] perm = permutation(shardSize, new SplittableRandom(mix(seed, worker, epoch)));
        ORDERS.put(key, new EpochOrder(epoch, perm));
        return perm;
    }

    /** Seed for an RNG dedicated to (seed, a, b): a SplitMix-style hash, so neighbouring keys are unrelated. */
    public static long mix(long seed, long a, long b) {
        return org.sparkharness.optimizers.config.Seeds.mix(
                seed * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}

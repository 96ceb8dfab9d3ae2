package org.sparkharness.data.prune;

/**
 * A 64-bit keyed hash of (seed, id) that orders examples for random selection: a pure function of the pair, so the
 * random subset does not depend on data order or Spark partitioning, and nested budgets are nested (the random 30 %
 * is a subset of the random 50 % with the same seed). SplitMix64's finaliser (Steele, Lea, Flood 2014) applied
 * twice.
 */
public final class KeyedHash {
    private KeyedHash() {}

    public static long of(long seed, long id) {
        return mix(id + mix(seed ^ 0x9E3779B97F4A7C15L));
    }

    static long mix(long z) {
        return org.sparkharness.optimizers.config.Seeds.mix(z);
    }
}

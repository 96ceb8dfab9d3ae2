package org.sparkharness.optimizers.config;

/**
 * Seeds derived from seeds: SplitMix64's finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), the one mixer behind every seeded stream and keyed hash of the harness (batch order,
 * client sampling streams, random pruning), so neighbouring keys give unrelated values. Pure.
 */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64's finaliser: a bijection of the 64-bit values that scatters nearby inputs. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

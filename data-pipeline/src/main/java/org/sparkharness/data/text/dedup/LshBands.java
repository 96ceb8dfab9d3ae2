package org.sparkharness.data.text.dedup;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Banding of MinHash signatures (docs/algorithms/data-pipeline.md §3.2): the signature is cut into {@code bands} runs
 * of {@code rows} values; two documents become candidates when all values of at least one band agree, which happens
 * with probability {@code P(s) = 1 − (1 − s^rows)^bands} for Jaccard similarity s. MLlib's MinHashLSH only
 * OR-amplifies (every "hash table" has one value), so the AND within a band is built here.
 */
public final class LshBands {
    private LshBands() {}

    /** {@code 1 − (1 − s^rows)^bands}. */
    public static double candidateProbability(double s, int bands, int rows) {
        if (!(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException("similarity must be in [0, 1]: " + s);
        }
        return 1 - Math.pow(1 - Math.pow(s, rows), bands);
    }

    /** The usual threshold estimate {@code (1/bands)^(1/rows)}: where P(s) rises fastest. */
    public static double threshold(int bands, int rows) {
        return Math.pow(1.0 / bands, 1.0 / rows);
    }

    /** P(candidate) at s = 0.50, 0.55, …, 0.95, keyed "0.50" … "0.95" (for stats files). */
    public static Map<String, Double> candidateProbabilityTable(int bands, int rows) {
        Map<String, Double> table = new LinkedHashMap<>();
        for (int k = 10; k <= 19; k++) {
            double s = k / 20.0;
            table.put(String.format(Locale.ROOT, "%.2f", s), candidateProbability(s, bands, rows));
        }
        return table;
    }

    /**
     * A 64-bit key for band {@code band} of {@code signature}: equal for equal runs of values, and different ones
     * collide with probability about 2^-64 (and verification drops what a collision lets through).
     */
    public static long bandKey(long[] signature, int band, int rows) {
        long h = 0x9E3779B97F4A7C15L * (band + 1);
        int from = band * rows;
        for (int i = from; i < from + rows; i++) {
            h = mix(h ^ signature[i]) + 0x632BE59BD9B4E019L;
        }
        return mix(h);
    }

    /** The MurmurHash3 / SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}

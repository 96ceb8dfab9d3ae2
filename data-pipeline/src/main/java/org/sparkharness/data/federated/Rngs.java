package org.sparkharness.data.federated;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Seeded random streams and the few samplers the partitioners and generators need.
 *
 * <p>A stream is a {@link Well19937c} (commons-math3 3.6.1, a fixed, documented algorithm, so draws do not change
 * with the JDK) seeded by a SplitMix64 hash of {@code (seed, purpose, index)}; the purpose is a short string such as
 * {@code "dirichlet.q"}, hashed with 64-bit FNV-1a. Keying by client index makes each client's draws independent of
 * how many clients exist and of the order in which they are built.
 */
final class Rngs {

    private Rngs() {
    }

    /** A fresh stream for {@code (seed, purpose, index)}. */
    static RandomGenerator stream(long seed, String purpose, long index) {
        long h = mix64(seed);
        h = mix64(h ^ fnv1a64(purpose));
        h = mix64(h ^ index);
        return new Well19937c(h);
    }

    /** SplitMix64 finaliser (Steele, Lea, Flood 2014). */
    static long mix64(long z) {
        return org.sparkharness.optimizers.config.Seeds.mix(z);
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** {@code N(mean, sd²)}; {@code sd} is a standard deviation, as in numpy's {@code normal(loc, scale)}. */
    static double normal(RandomGenerator rng, double mean, double sd) {
        return mean + sd * rng.nextGaussian();
    }

    /** numpy {@code lognormal(mean, sigma)}: {@code exp(mean + sigma·z)}, z standard normal. */
    static double lognormal(RandomGenerator rng, double mean, double sigma) {
        return Math.exp(mean + sigma * rng.nextGaussian());
    }

    /**
     * One draw of {@code Dirichlet([alpha]·k)}, computed in log space so that tiny {@code alpha} cannot produce
     * 0/0 = NaN (flower #4377). Gamma draws use commons-math3 ({@code shape ≥ 1}: Marsaglia–Tsang); for
     * {@code alpha < 1} the boost {@code log G(α) = log G(α+1) + log(U)/α} keeps the logarithm finite.
     */
    static double[] dirichlet(RandomGenerator rng, double alpha, int k) {
        GammaDistribution gamma = new GammaDistribution(rng, alpha < 1 ? alpha + 1 : alpha, 1.0);
        double[] logG = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            double lg = Math.log(gamma.sample());
            if (alpha < 1) {
                lg += Math.log(1.0 - rng.nextDouble()) / alpha; // 1 - U lies in (0, 1]
            }
            logG[j] = lg;
            max = Math.max(max, lg);
        }
        double sum = 0;
        double[] q = new double[k];
        for (int j = 0; j < k; j++) {
            q[j] = Math.exp(logG[j] - max);
            sum += q[j];
        }
        for (int j = 0; j < k; j++) {
            q[j] /= sum;
        }
        return q;
    }

    /** In-place Fisher–Yates shuffle (Durstenfeld), last position first. */
    static void shuffle(RandomGenerator rng, int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** {@code 0..n-1} in a random order. */
    static int[] permutation(RandomGenerator rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(rng, p);
        return p;
    }

    /**
     * {@code count} elements of {@code pool}, as numpy's {@code choice(pool, count, replace=count > len(pool))} in
     * Fling: without replacement (a partial Fisher–Yates) when the pool is large enough, otherwise every draw with
     * replacement. The pool is not modified.
     */
    static int[] choose(RandomGenerator rng, int[] pool, int count) {
        int[] out = new int[count];
        if (count <= pool.length) {
            int[] p = pool.clone();
            for (int i = 0; i < count; i++) {
                int j = i + rng.nextInt(p.length - i);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
                out[i] = p[i];
            }
        } else {
            for (int i = 0; i < count; i++) {
                out[i] = pool[rng.nextInt(pool.length)];
            }
        }
        return out;
    }
}

package org.sparkharness.driver.ps.dbw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.sparkharness.driver.ps.GradientStats;
import org.sparkharness.driver.ps.RoundHistory;
import org.sparkharness.driver.ps.RoundRecord;

/** Hand-built round histories for the DBW tests: no Spark, no ND4J. */
final class Histories {
    private Histories() {}

    /** One draw of c + Exp(mean). */
    static double shiftedExponential(SplittableRandom rng, double shift, double mean) {
        return shift - mean * Math.log(1 - rng.nextDouble());
    }

    /** n i.i.d. draws of c + Exp(mean), worker i at index i. */
    static double[] shiftedExponential(SplittableRandom rng, int n, double shift, double mean) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = shiftedExponential(rng, shift, mean);
        return t;
    }

    /**
     * The record of a round in which worker i would have taken {@code times[i]} and the server waited for the fastest
     * k: those are observed, the rest censored at the k-th time, and the round took the cut-off plus {@code overhead}.
     */
    static RoundRecord record(long round, double[] times, int k, double overhead, GradientStats gradients) {
        Integer[] order = IntStream.range(0, times.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> times[i]));
        Map<Integer, Double> observed = new LinkedHashMap<>();
        List<Integer> censored = new ArrayList<>();
        for (int j = 0; j < times.length; j++) {
            if (j < k) observed.put(order[j], times[order[j]]);
            else censored.add(order[j]);
        }
        double cutoff = times[order[k - 1]];
        return new RoundRecord(round, times.length, k, observed, censored, cutoff, cutoff + overhead, gradients);
    }

    /** The same round as {@link #record} but with the censored workers dropped: what a naive estimator would see. */
    static RoundRecord withoutCensoring(RoundRecord r) {
        return new RoundRecord(r.round(), r.launched(), r.awaited(), r.observedMillis(), List.of(), r.cutoffMillis(),
                r.roundMillis(), r.gradients());
    }

    /**
     * Gradient statistics of a round with k workers whose noise-free gradient norm² is {@code gradNormSq} and whose
     * per-worker variance is {@code variance}; the secant terms are those of a quadratic with smoothness
     * {@code smoothness} after a step of norm² {@code stepNormSq}, with the minibatch noise of both rounds added to
     * the gradient change, so the noise-corrected secant is exactly {@code smoothness}.
     */
    static GradientStats stats(int k, double gradNormSq, double variance, double smoothness, double stepNormSq) {
        double noise = variance / k;
        return new GradientStats(k, gradNormSq + noise, variance, stepNormSq,
                smoothness * smoothness * stepNormSq + 2 * noise);
    }

    /**
     * {@code rounds} rounds of n i.i.d. c + Exp(mean) workers, each cut at the k-th arrival, all with gradient
     * statistics {@code gradients}, in a history of the given capacity.
     */
    static RoundHistory shiftedExponential(long seed, int capacity, int rounds, int n, int k, double shift, double mean,
                                           double overhead, GradientStats gradients) {
        SplittableRandom rng = new SplittableRandom(seed);
        RoundHistory h = new RoundHistory(capacity);
        for (int r = 0; r < rounds; r++) {
            h.add(record(r, shiftedExponential(rng, n, shift, mean), k, overhead, gradients));
        }
        return h;
    }

    /** H_m = 1 + 1/2 + … + 1/m, summed here rather than taken from the code under test. */
    static double harmonic(int m) {
        double h = 0;
        for (int j = m; j >= 1; j--) h += 1.0 / j;
        return h;
    }

    /** E[R_(k):n] for i.i.d. c + Exp(mean): c + mean · (H_n − H_{n−k}). */
    static double orderStatistic(int k, int n, double shift, double mean) {
        return shift + mean * (harmonic(n) - harmonic(n - k));
    }
}

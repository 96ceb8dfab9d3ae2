package org.sparkharness.driver.ps.dbw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sparkharness.driver.ps.RoundHistory;
import org.sparkharness.driver.ps.RoundRecord;

/**
 * Per-worker empirical round-trip times, combined by Monte Carlo (parameter-server.md §3.3d): each draw takes one
 * past time per worker (recent rounds weigh more), sorts them, and the mean of the k-th smallest over the draws
 * estimates E[R_(k):n]. Unlike the i.i.d. fit it keeps a persistently slow worker slow and a rare spike rare.
 *
 * <p>A censored time (the worker was cut off at C) is replaced by one of the same worker's own uncensored times
 * above C, including the few it had before the window; failing that by any worker's uncensored time above C in the
 * window; failing that by C plus an exponential tail from the censored shifted-exponential fit.
 *
 * @param draws          Monte Carlo draws per estimate
 * @param halfLifeRounds recency half-life of the sample weights, in rounds
 */
public record EmpiricalRoundTimes(int draws, double halfLifeRounds) implements RoundTimeModel {
    public EmpiricalRoundTimes {
        if (draws < 1) throw new IllegalArgumentException("draws must be >= 1");
    }

    @Override
    public String name() { return "empirical"; }

    private record Sample(double millis, boolean censored) {}

    @Override
    public double[] expectedOrderStatistics(int n, RoundHistory history) {
        List<RoundRecord> window = history.recent();
        if (window.isEmpty()) throw new IllegalArgumentException("empty history");
        double[] weights = RoundTimeModel.recencyWeights(window, halfLifeRounds);
        double tailMean = 1 / ShiftedExponentialFit.fit(window, weights).rate();

        List<List<Sample>> samples = new ArrayList<>();
        List<double[]> cumulative = new ArrayList<>();
        List<Double> pooledObserved = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            List<Sample> s = new ArrayList<>();
            List<Double> cw = new ArrayList<>();
            double total = 0;
            for (int i = 0; i < window.size(); i++) {
                RoundRecord r = window.get(i);
                Double t = r.observedMillis().get(w);
                if (t != null) {
                    s.add(new Sample(t, false));
                    pooledObserved.add(t);
                } else if (r.censored().contains(w)) {
                    s.add(new Sample(r.cutoffMillis(), true));
                } else {
                    continue;
                }
                total += weights[i];
                cw.add(total);
            }
            samples.add(s);
            cumulative.add(cw.stream().mapToDouble(Double::doubleValue).toArray());
        }
        double[] pooled = pooledObserved.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[][] ownObserved = new double[n][];
        for (int w = 0; w < n; w++) {
            List<Double> own = new ArrayList<>(history.lastObserved(w));
            for (Sample s : samples.get(w)) if (!s.censored()) own.add(s.millis());
            ownObserved[w] = own.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }

        SplittableRandom rng = new SplittableRandom(window.get(window.size() - 1).round() * 0x9E3779B97F4A7C15L + n);
        double[] sums = new double[n];
        double[] draw = new double[n];
        for (int d = 0; d < draws; d++) {
            for (int w = 0; w < n; w++) {
                Sample s = pick(samples.get(w), cumulative.get(w), rng);
                if (s == null) {
                    // A worker never seen in the window (first rounds): borrow any worker's time.
                    draw[w] = pooled.length > 0 ? pooled[rng.nextInt(pooled.length)] : window.get(0).cutoffMillis();
                } else {
                    draw[w] = s.censored() ? impute(s.millis(), ownObserved[w], pooled, tailMean, rng) : s.millis();
                }
            }
            Arrays.sort(draw);
            for (int k = 0; k < n; k++) sums[k] += draw[k];
        }
        for (int k = 0; k < n; k++) sums[k] /= draws;
        return sums;
    }

    private static Sample pick(List<Sample> samples, double[] cumulative, SplittableRandom rng) {
        if (samples.isEmpty()) return null;
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        return samples.get(Math.min(samples.size() - 1, i >= 0 ? i : -i - 1));
    }

    /** A time above the cut-off {@code cutoff}, from sorted candidates or the exponential tail. */
    private static double impute(double cutoff, double[] own, double[] pooled, double tailMean, SplittableRandom rng) {
        for (double[] candidates : new double[][] {own, pooled}) {
            int from = firstAbove(candidates, cutoff);
            if (from < candidates.length) return candidates[from + rng.nextInt(candidates.length - from)];
        }
        return cutoff - tailMean * Math.log(1 - rng.nextDouble());
    }

    private static int firstAbove(double[] sorted, double v) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] > v) hi = mid; else lo = mid + 1;
        }
        return lo;
    }
}

package org.sparkharness.driver.ps.dbw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sparkharness.driver.ps.RoundHistory;
import org.sparkharness.driver.ps.RoundRecord;

/**
 * Per-worker empirical round-trip times, combined by Monte Carlo (docs/algorithms/parameter-server.md §3.4): each draw
 * takes one past time per worker (recent rounds weigh more), sorts them, and the mean of the k-th smallest over the
 * draws estimates E[R_(k):n]. Unlike the i.i.d. fit it keeps a persistently slow worker slow and a rare spike rare.
 *
 * <p>A censored time (the worker was cut off at C) is replaced by C + Exp(τ), τ the mean excess of a censored fit
 * of the local tail: above each round's median arrival, observed excesses and the censored workers' exposure up to
 * the cut-off. Fitting above the median rather than above the fastest arrival follows the density just beyond the
 * cut-off; on 2 cores, where 16 tasks arrive about a millisecond apart, the global fit put τ at 21 ms and predicted
 * the 12th arrival 11 ms late. A worker whose own past times (window and the few remembered before it) include
 * some far beyond that tail, above C + 3τ, is drawn from those with their observed frequency instead: a
 * persistently slow worker stays slow, a worker with one spike in thirty rounds spikes one time in thirty.
 *
 * <p>Draws come in batches of {@link #BATCH}; {@link #estimate} stops early once its caller's decision is settled.
 *
 * @param draws          Monte Carlo draws per estimate (at most)
 * @param halfLifeRounds recency half-life of the sample weights, in rounds
 */
public record EmpiricalRoundTimes(int draws, double halfLifeRounds) implements RoundTimeModel {
    public EmpiricalRoundTimes {
        if (draws < 1) throw new IllegalArgumentException("draws must be >= 1");
    }

    @Override
    public String name() { return "empirical"; }

    private record Sample(double millis, boolean censored) {}

    /** Draws per batch of {@link #estimate}: the caller's test runs after each. */
    static final int BATCH = 100;

    @Override
    public double[] expectedOrderStatistics(int n, RoundHistory history) {
        return estimate(n, history, e -> false).mean();
    }

    @Override
    public Estimate estimate(int n, RoundHistory history, java.util.function.Predicate<Estimate> enough) {
        List<RoundRecord> window = history.recent();
        if (window.isEmpty()) throw new IllegalArgumentException("empty history");
        double[] weights = RoundTimeModel.recencyWeights(window, halfLifeRounds);
        double tailMean = localTailMean(window, weights);

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
        double[] squares = new double[n];
        double[] draw = new double[n];
        int d = 0;
        while (d < draws) {
            for (int w = 0; w < n; w++) {
                Sample s = pick(samples.get(w), cumulative.get(w), rng);
                if (s == null) {
                    // A worker never seen in the window (first rounds): borrow any worker's time.
                    draw[w] = pooled.length > 0 ? pooled[rng.nextInt(pooled.length)] : window.get(0).cutoffMillis();
                } else {
                    draw[w] = s.censored() ? impute(s.millis(), ownObserved[w], tailMean, rng) : s.millis();
                }
            }
            Arrays.sort(draw);
            for (int k = 0; k < n; k++) {
                sums[k] += draw[k];
                squares[k] += draw[k] * draw[k];
            }
            d++;
            if (d % BATCH == 0 && d < draws && enough.test(summary(sums, squares, d))) break;
        }
        return summary(sums, squares, d);
    }

    private static Estimate summary(double[] sums, double[] squares, int draws) {
        int n = sums.length;
        double[] mean = new double[n], se = new double[n];
        for (int k = 0; k < n; k++) {
            mean[k] = sums[k] / draws;
            double var = draws > 1 ? Math.max(0, (squares[k] - draws * mean[k] * mean[k]) / (draws - 1)) : 0;
            se[k] = Math.sqrt(var / draws);
        }
        return new Estimate(mean, se, draws);
    }

    private static Sample pick(List<Sample> samples, double[] cumulative, SplittableRandom rng) {
        if (samples.isEmpty()) return null;
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        return samples.get(Math.min(samples.size() - 1, i >= 0 ? i : -i - 1));
    }

    /** A time above the cut-off: the worker's own far-tail times with their frequency, else C + Exp(τ). */
    private static double impute(double cutoff, double[] own, double tailMean, SplittableRandom rng) {
        int far = firstAbove(own, cutoff + 3 * tailMean);
        int farCount = own.length - far;
        if (farCount > 0 && rng.nextInt(own.length) < farCount) return own[far + rng.nextInt(farCount)];
        return cutoff - tailMean * Math.log(1 - rng.nextDouble());
    }

    /**
     * Mean excess τ of the round-trip time beyond a round's median arrival: censored exponential MLE, weighted by
     * recency. Falls back to the whole-window shifted-exponential fit when no round has arrivals above its median.
     */
    static double localTailMean(List<RoundRecord> window, double[] weights) {
        double events = 0, exposure = 0;
        for (int i = 0; i < window.size(); i++) {
            RoundRecord r = window.get(i);
            double[] t = r.observedMillis().values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (t.length == 0) continue;
            double u = t[(t.length - 1) / 2];
            for (double x : t) {
                if (x > u) {
                    events += weights[i];
                    exposure += weights[i] * (x - u);
                }
            }
            exposure += weights[i] * r.censored().size() * Math.max(0, r.cutoffMillis() - u);
        }
        if (events > 0 && exposure > 0) return exposure / events;
        return 1 / ShiftedExponentialFit.fit(window, weights).rate();
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

package org.sparkharness.driver.ps.dbw;

import java.util.List;
import org.sparkharness.driver.ps.RoundHistory;
import org.sparkharness.driver.ps.RoundRecord;

/**
 * Predicts E[R_(k):n], the k-th smallest of n workers' round-trip times, from past rounds in which the slowest
 * workers were cut off (right-censored at the round's cut-off).
 */
public interface RoundTimeModel {
    /** Expected k-th order statistic for k = 1..n at index k − 1, in milliseconds; needs a non-empty history. */
    double[] expectedOrderStatistics(int n, RoundHistory history);

    String name();

    /**
     * The expected order statistics with their Monte Carlo standard errors, and how many draws they took; an exact
     * model has no error and takes none.
     */
    record Estimate(double[] mean, double[] standardError, int draws) {}

    /**
     * {@link #expectedOrderStatistics} for a caller that can tell when the estimate is good enough: a sampling model
     * draws in batches and stops as soon as {@code enough} accepts the estimate so far (or at its draw budget).
     */
    default Estimate estimate(int n, RoundHistory history, java.util.function.Predicate<Estimate> enough) {
        return new Estimate(expectedOrderStatistics(n, history), new double[n], 0);
    }

    /**
     * Recency weights for the window, oldest first: 0.5^(age / halfLife) with age 0 for the newest round, so the
     * estimate follows a change of the delay distribution within a few half-lives. halfLife = ∞ weighs all equally.
     */
    static double[] recencyWeights(List<RoundRecord> window, double halfLifeRounds) {
        double[] w = new double[window.size()];
        for (int i = 0; i < w.length; i++) {
            int age = w.length - 1 - i;
            w[i] = Double.isInfinite(halfLifeRounds) ? 1.0 : Math.pow(0.5, age / halfLifeRounds);
        }
        return w;
    }

    /** H_m = 1 + 1/2 + … + 1/m (H_0 = 0). */
    static double harmonic(int m) {
        double h = 0;
        for (int j = 1; j <= m; j++) h += 1.0 / j;
        return h;
    }
}

package org.sparkharness.driver.ps.dbw;

import java.util.List;
import org.sparkharness.driver.ps.RoundHistory;
import org.sparkharness.driver.ps.RoundRecord;

/**
 * I.i.d. shifted-exponential round-trip times R = c + Exp(rate), fitted by censored maximum likelihood
 * (docs/algorithms/parameter-server.md §3.4): ĉ = smallest observed time, rate = (weighted number of observed times) /
 * (weighted time above ĉ of observed and censored workers alike). Using only the observed times would leave out the
 * slow tail that the cut-off hides and bias the round time low, which drives b up.
 *
 * @param shift c in milliseconds
 * @param rate  λ per millisecond
 */
public record ShiftedExponentialFit(double shift, double rate) {

    /** E[R_(k):n] = c + (H_n − H_{n−k}) / λ. */
    public double expectedOrderStatistic(int k, int n) {
        if (k < 1 || k > n) throw new IllegalArgumentException("k = " + k + " outside [1, " + n + "]");
        return shift + (RoundTimeModel.harmonic(n) - RoundTimeModel.harmonic(n - k)) / rate;
    }

    /** Mean round-trip time c + 1/λ. */
    public double mean() { return shift + 1 / rate; }

    /** Fits the window with the given recency weights (one per record, oldest first). */
    public static ShiftedExponentialFit fit(List<RoundRecord> window, double[] weights) {
        double c = Double.POSITIVE_INFINITY;
        for (RoundRecord r : window) for (double t : r.observedMillis().values()) c = Math.min(c, t);
        if (Double.isInfinite(c)) throw new IllegalArgumentException("no observed round-trip time to fit");
        double events = 0, exposure = 0;
        for (int i = 0; i < window.size(); i++) {
            RoundRecord r = window.get(i);
            double w = weights[i];
            for (double t : r.observedMillis().values()) {
                events += w;
                exposure += w * (t - c);
            }
            exposure += w * r.censored().size() * Math.max(0, r.cutoffMillis() - c);
        }
        // All observed times equal and nothing censored: a degenerate (deterministic) fit, with a tiny spread.
        double rate = exposure > 0 ? events / exposure : 1e9;
        return new ShiftedExponentialFit(c, rate);
    }

    /** The fitted model as a {@link RoundTimeModel}. */
    public static RoundTimeModel model(double halfLifeRounds) {
        return new RoundTimeModel() {
            @Override
            public double[] expectedOrderStatistics(int n, RoundHistory history) {
                List<RoundRecord> window = history.recent();
                ShiftedExponentialFit f = fit(window, RoundTimeModel.recencyWeights(window, halfLifeRounds));
                double[] e = new double[n];
                for (int k = 1; k <= n; k++) e[k - 1] = f.expectedOrderStatistic(k, n);
                return e;
            }

            @Override
            public String name() { return "shifted-exponential"; }
        };
    }
}
